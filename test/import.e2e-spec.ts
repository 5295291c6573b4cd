import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulkSteps } from '@app/scenario';
import { BUILT_CLI } from './support/build-cli.global-setup';
import { runCli } from './support/cli-process';
import { ContractProxy } from './support/contract-proxy';
import { KEYS, TestServer } from './support/test-server';

/** `tracker import`: rows validated and reported by line, good rows appended once, interrupted imports resumed. */

const CSV = `program,market,step,batch,users,bytes,reason,evidence,checksum,occurredAt,targetRegion,usersInScope,deadline,name,sourceRegion,timeZone,dataCategories
imp-csv,,create-program,,,,,,,2014-01-15T09:00:00+08:00,,,2014-10-31T23:59:59+08:00,CSV import,cn-north,Asia/Singapore,contacts|messages
imp-csv,IN,enroll,,,,,,,2014-02-01T09:00:00+08:00,us-east,620000,,,,,
imp-csv,HK,enroll,,,,,,,2014-02-01T09:00:00+08:00,singapore,410000,,,,,
imp-csv,IN,start,,,,,,,2014-03-03T09:00:00+08:00,,,,,,,
imp-csv,HK,start,,,,,,,2014-05-01T09:00:00+08:00,,,,,,,
imp-csv,IN,copied,IN-001,62000,1900000000,,,,2014-04-02T10:00:00+08:00,,,,,,,
imp-csv,IN,copied,IN-002,lots,,,,,2014-04-03T10:00:00+08:00,,,,,,,
imp-csv,IN,verified,IN-001,,,,,sha256:abc,2014-04-02T16:00:00+08:00,,,,,,,
imp-csv,IN,verified,IN-009,,,,,,2014-04-02T17:00:00+08:00,,,,,,,
imp-csv,HK,copied,HK-001,3000,,,,,2014-05-02T10:00:00+08:00,,,,,,,
imp-csv,HK,failed,HK-001,,,Row count mismatch,,,2014-05-02T12:00:00+08:00,,,,,,,
imp-csv,HK,copied,HK-001,3000,,,,,2014-05-02T18:00:00+08:00,,,,,,,
imp-csv,HK,verified,HK-001,,,,,,2014-05-02T20:00:00+08:00,,,,,,,
imp-csv,HK,pause,,,,,,,2014-05-03T09:00:00+08:00,,,,,,,
imp-csv,SG,start,,,,,,,2014-05-03T09:00:00+08:00,,,,,,,
imp-csv,TW,explode,,,,,,,,,,,,,,
imp-csv,IN,copied,IN-003,1000,,,,,31/12/2014,,,,,,,
`;
// 11 good rows; rejected: line 8 (users), 10 (IN-009 never copied: 409), 15 (pause without reason),
// 16 (SG not enrolled: 404), 17 (unknown step), 18 (occurredAt).
const CSV_GOOD = 11;

const NDJSON = [
  {
    program: 'imp-nd',
    step: 'create-program',
    name: 'NDJSON import',
    sourceRegion: 'cn-north',
    deadline: '2014-10-31T23:59:59+08:00',
    dataCategories: ['contacts'],
  },
  { program: 'imp-nd', market: 'MY', step: 'enroll', targetRegion: 'singapore', usersInScope: 3000 },
  '{ not json',
  { program: 'imp-nd', market: 'MY', step: 'start', occurredAt: '2014-05-15T08:00:00+08:00' },
  { program: 'imp-nd', market: 'MY', step: 'copied', batch: 'MY-1', users: 3000, color: 'red' },
  {
    program: 'imp-nd',
    market: 'MY',
    step: 'copied',
    batch: 'MY-1',
    users: '3000',
    occurredAt: '2014-05-15T10:00:00+08:00',
  },
  '',
  {
    program: 'imp-nd',
    market: 'MY',
    step: 'verified',
    batch: 'MY-1',
    occurredAt: '2014-05-15T16:00:00+08:00',
  },
  { program: 'imp-nd', market: 'MY', step: 'cutover', occurredAt: '2014-05-16T16:00:00+08:00' },
]
  .map((line) => (typeof line === 'string' ? line : JSON.stringify(line)))
  .join('\n');

describe('tracker import', () => {
  let server: TestServer;
  /** The CLI's way to the server: each answer it gets is checked against the OpenAPI document. */
  let proxy: ContractProxy;
  let dir: string;
  const importFile = (file: string, ...args: string[]) =>
    runCli(['import', file, '--json', ...args], { TRACKER_URL: proxy.url, TRACKER_KEY: KEYS.operator });

  beforeAll(async () => {
    server = await TestServer.start();
    proxy = await ContractProxy.start(server.url);
    dir = mkdtempSync(join(tmpdir(), 'tracker-import-'));
  });
  afterEach(async () => expect(await proxy.mismatches()).toEqual([]));
  afterAll(async () => {
    await proxy.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('CSV: appends the good rows, reports each bad one with its line and reason, appends nothing for them', async () => {
    const file = join(dir, 'steps.csv');
    writeFileSync(file, CSV);
    const before = (await server.allEvents()).length;
    const result = await importFile(file);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ rows: 17, appended: CSV_GOOD, alreadyPresent: 0, skipped: 0 });
    expect(report.rejected.map((r: any) => r.line)).toEqual([8, 10, 15, 16, 17, 18]);
    const reasons = Object.fromEntries(report.rejected.map((r: any) => [r.line, r.reason]));
    expect(reasons[8]).toContain('users must be a whole number');
    expect(reasons[10]).toMatch(/^409 /);
    expect(reasons[15]).toContain('reason is required for a pause step');
    expect(reasons[16]).toMatch(/^404 market_not_enrolled/);
    expect(reasons[17]).toContain('step must be one of');
    expect(reasons[18]).toContain('occurredAt must be an ISO-8601 date-time');
    const events = await server.allEvents();
    expect(events.length - before).toBe(CSV_GOOD);
    const hk = events.filter((e) => e.streamId === 'market-imp-csv-HK').map((e) => e.type);
    expect(hk).toEqual([
      'MarketEnrolled',
      'MigrationStarted',
      'BatchCopied',
      'BatchFailed',
      'BatchCopied',
      'BatchVerified',
    ]);
    const progress = await server.get('/programs/imp-csv/markets/IN/progress');
    expect(progress.body.verifiedUsers).toBe(62_000);
  }, 120_000);

  it('importing the same file again appends nothing new', async () => {
    const file = join(dir, 'steps.csv');
    const before = (await server.allEvents()).length;
    const result = await importFile(file);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ appended: 0, alreadyPresent: CSV_GOOD });
    expect(report.rejected).toHaveLength(6);
    expect((await server.allEvents()).length).toBe(before);
  }, 120_000);

  it('NDJSON: the same rules; numbers may be written as text', async () => {
    const file = join(dir, 'steps.ndjson');
    writeFileSync(file, NDJSON);
    const result = await importFile(file);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ appended: 6, alreadyPresent: 0 });
    expect(report.rejected).toEqual([
      { line: 3, reason: 'the line is not valid JSON' },
      { line: 5, reason: 'unknown field color' },
    ]);
    const again = JSON.parse((await importFile(file)).stdout);
    expect(again).toMatchObject({ appended: 0, alreadyPresent: 6 });
  }, 120_000);

  it('the human report lists rejected rows by line', async () => {
    const result = await runCli(['import', join(dir, 'steps.ndjson')], {
      TRACKER_URL: proxy.url,
      TRACKER_KEY: KEYS.operator,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('0 appended, 6 already present, 2 rejected');
    expect(result.stdout).toContain('  line 3: the line is not valid JSON');
  }, 60_000);

  it('an interrupted import resumes where it stopped and appends every row exactly once', async () => {
    const rows = bulkSteps({ programId: 'imp-resume', steps: 1500, markets: ['IN', 'HK', 'ID'] });
    const file = join(dir, 'bulk.ndjson');
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
    const stateFile = `${file}.import-state.json`;
    const child = spawn(process.execPath, [BUILT_CLI, 'import', file, '--quiet'], {
      cwd: join(__dirname, '..'),
      // Straight to the server, here and for the resumed import: 1,500 answers of the kind the imports above
      // have checked through the proxy, whose extra hop (in this process, beside the server) took the resumed
      // import past runCli's 120 s limit on a loaded machine.
      env: { ...process.env, TRACKER_URL: server.url, TRACKER_KEY: KEYS.operator },
      stdio: 'ignore',
    });
    // Killed hard once it has saved some progress: no shutdown code runs.
    const deadline = Date.now() + 60_000;
    while (
      !existsSync(stateFile) ||
      Object.keys(JSON.parse(readFileSync(stateFile, 'utf8')).doneThrough).length < 2
    ) {
      if (Date.now() > deadline) throw new Error('the import saved no progress within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const partial = (await server.allEvents()).filter((e) => e.streamId.includes('imp-resume')).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(rows.length);

    const result = await runCli(['import', file, '--json', '--resume'], {
      TRACKER_URL: server.url,
      TRACKER_KEY: KEYS.operator,
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.skipped).toBeGreaterThan(0);
    expect(report.skipped + report.appended + report.alreadyPresent).toBe(rows.length);
    const events = (await server.allEvents()).filter((e) => e.streamId.includes('imp-resume'));
    expect(events).toHaveLength(rows.length);
    expect(existsSync(stateFile)).toBe(false);
  }, 180_000);
});
