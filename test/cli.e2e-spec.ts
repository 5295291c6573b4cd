import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inParallel, runCli, type CliResult } from './support/cli-process';
import { ContractProxy } from './support/contract-proxy';
import { DEADLINE_2014 } from './support/fixtures';
import { KEYS, TestServer } from './support/test-server';

/** `tracker` as a real process against a real API: the India story, progress, history, errors and exit codes. */

const PROGRAM = 'intl-2014';
const at = (day: string, hour: number) => `2014-${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;

describe('tracker CLI', () => {
  let server: TestServer;
  /** The CLI talks to the server through it: every answer the CLI gets is checked against the document. */
  let proxy: ContractProxy;
  let as: (key: keyof typeof KEYS | string) => (args: string[]) => Promise<CliResult>;

  beforeAll(async () => {
    server = await TestServer.start();
    proxy = await ContractProxy.start(server.url);
    as = (key) => (args) =>
      runCli(args, {
        TRACKER_URL: proxy.url,
        TRACKER_KEY: key in KEYS ? KEYS[key as keyof typeof KEYS] : key,
      });
  });
  afterEach(async () => expect(await proxy.mismatches()).toEqual([]));
  afterAll(async () => {
    await proxy.stop();
    await server.stop();
  });

  const ok = async (result: Promise<CliResult>): Promise<CliResult> => {
    const answer = await result;
    if (answer.code !== 0) throw new Error(`exit ${answer.code}: ${answer.stderr}${answer.stdout}`);
    return answer;
  };
  /** A refused run: its exit code, and each of `says` (a substring or a pattern) on stderr. */
  const expectExit = (result: CliResult, code: number, ...says: (string | RegExp)[]) => {
    expect(result.code).toBe(code);
    for (const text of says) expect(result.stderr).toMatch(text);
  };

  describe('the India migration, step by step', () => {
    it('creates the program, enrols India, logs ten batches (one failed and retried) and closes the market', async () => {
      const op = as('operator');
      await ok(
        op([
          'program',
          'create',
          PROGRAM,
          '--name',
          'International user data relocation 2014',
          '--source-region',
          'cn-north',
          '--deadline',
          DEADLINE_2014,
          '--time-zone',
          'Asia/Singapore',
          '--categories',
          'device-ids,contacts,messages',
          '--occurred-at',
          at('01-15', 9),
        ]),
      );
      await ok(
        op([
          'market',
          'enroll',
          PROGRAM,
          'IN',
          '--target-region',
          'us-east',
          '--users',
          '620000',
          '--occurred-at',
          at('02-01', 9),
        ]),
      );
      await ok(op(['market', 'start', PROGRAM, 'IN', '--occurred-at', at('03-03', 9)]));
      const batch = (i: number) => `IN-${String(i).padStart(3, '0')}`;
      const day = (i: number) => `04-${String(i + 1).padStart(2, '0')}`;
      /** `tracker batch <step> intl-2014 IN <batch i> <flags>`, occurred on batch i's day at `hour`. */
      const batchStep = (step: string, i: number, hour: number, ...flags: string[]) =>
        ok(op(['batch', step, PROGRAM, 'IN', batch(i), ...flags, '--occurred-at', at(day(i), hour)]));
      // Batches are independent of each other; each batch's own steps go in order.
      await inParallel(
        3,
        Array.from({ length: 10 }, (_, n) => n + 1).map((i) => async () => {
          await batchStep('copied', i, 10, '--users', '62000');
          if (i === 4) {
            await batchStep('failed', i, 12, '--reason', 'Row count mismatch');
            await batchStep('copied', i, 18, '--users', '62000');
          }
          await batchStep('verified', i, 20, '--checksum', `sha256:${i}`);
        }),
      );
      await ok(op(['market', 'cutover', PROGRAM, 'IN', '--occurred-at', at('05-20', 9)]));
      await ok(
        op([
          'market',
          'purge',
          PROGRAM,
          'IN',
          '--evidence',
          'CHG-2014-0615-IN wipe certificate',
          '--occurred-at',
          at('06-15', 9),
        ]),
      );
      const done = await ok(
        op(['market', 'complete', PROGRAM, 'IN', '--occurred-at', at('06-16', 9), '--json']),
      );
      expect(JSON.parse(done.stdout)).toMatchObject({ streamId: `market-${PROGRAM}-IN`, replayed: false });
    }, 300_000);

    it('shows progress as a table and as JSON', async () => {
      const viewer = as('viewer');
      const table = await ok(viewer(['progress', PROGRAM]));
      expect(table.stdout).toContain('620,000 of 620,000 users verified (100.00%)');
      expect(table.stdout).toMatch(/IN\s+us-east\s+completed\s+completed\s+620,000\s+620,000\s+100\.00%/);
      const json = JSON.parse((await ok(viewer(['progress', PROGRAM, '--json']))).stdout);
      expect(json.markets).toEqual([
        expect.objectContaining({
          market: 'IN',
          phase: 'completed',
          status: 'completed',
          verifiedUsers: 620_000,
          failures: 1,
        }),
      ]);
      const one = await ok(viewer(['progress', PROGRAM, 'IN']));
      expect(one.stdout).toContain('forecast:');
    }, 120_000);

    it('lists the program and reads the history of the market and of the whole log', async () => {
      const auditor = as('auditor');
      const [list, market, all] = await Promise.all([
        ok(auditor(['program', 'list'])),
        ok(auditor(['history', PROGRAM, 'IN', '--json'])),
        ok(auditor(['history', '--limit', '5'])),
      ]);
      expect(list.stdout).toMatch(/intl-2014\s+International user data relocation 2014\s+cn-north/);
      const events = JSON.parse(market.stdout).events;
      // enrolled, started, 11 copied, 1 failed, 10 verified, cutover, purge, complete
      expect(events).toHaveLength(27);
      expect(events.map((e: any) => e.type).slice(0, 2)).toEqual(['MarketEnrolled', 'MigrationStarted']);
      expect(all.stdout).toContain('ProgramCreated');
      expect(all.stdout).toMatch(/5 events; next position \d+/);
    }, 120_000);
  });

  describe('audit', () => {
    it('verifies the log on the server, exports it, and verifies a downloaded evidence bundle offline', async () => {
      const auditor = as('auditor');
      const dir = mkdtempSync(join(tmpdir(), 'tracker-cli-audit-'));
      try {
        const verify = await ok(auditor(['audit', 'verify']));
        expect(verify.stdout).toMatch(/^audit log: VERIFIED — \d+ events in \d+ streams/);
        const exported = join(dir, 'events.ndjson');
        await ok(auditor(['audit', 'export', '--out', exported]));
        const lines = readFileSync(exported, 'utf8').trim().split('\n');
        expect(lines.length).toBe((await server.allEvents()).length);
        const bundle = join(dir, 'evidence.tar');
        await ok(auditor(['audit', 'bundle', '--out', bundle]));
        // Offline: no URL, no API key; the signing key pinned from GET /audit/public-key.
        const keys = join(dir, 'pinned.json');
        writeFileSync(keys, JSON.stringify((await server.get('/audit/public-key', { key: null })).body.keys));
        const offline = await ok(runCli(['audit', 'verify-bundle', bundle, '--trusted-keys', keys]));
        expect(offline.stdout).toContain(`bundle ${bundle}: VERIFIED`);
        // With nothing pinned, the bundle's own keys prove nothing about who signed: a verdict of its own.
        const unpinned = await runCli(['audit', 'verify-bundle', bundle]);
        expect(unpinned.code).toBe(6);
        expect(unpinned.stdout).toContain('SIGNED BY KEYS FOUND IN THE BUNDLE ONLY');
        expect(unpinned.stdout).not.toContain(': VERIFIED');
        expectExit(await as('viewer')(['audit', 'verify']), 2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  });

  describe("errors: the server's message on stderr, and an exit code per kind", () => {
    it('1 for invalid input, naming the field', async () => {
      const result = await as('operator')([
        'market',
        'enroll',
        PROGRAM,
        'HK',
        '--target-region',
        'US East',
        '--users',
        '410000',
      ]);
      expectExit(result, 1, '400 ', 'targetRegion');
    }, 60_000);

    it('1 for a missing option or a malformed number, before anything is sent', async () => {
      const [missing, malformed] = await Promise.all([
        as('operator')(['market', 'pause', PROGRAM, 'IN']),
        as('operator')(['batch', 'copied', PROGRAM, 'IN', 'IN-011', '--users', 'many']),
      ]);
      expectExit(missing, 1, "required option '--reason <text>' not specified");
      expectExit(malformed, 1, '--users must be a whole number');
    }, 60_000);

    it('2 for a wrong key or a key of the wrong role', async () => {
      const [wrong, role] = await Promise.all([
        as('not-a-key')(['progress', PROGRAM]),
        as('viewer')(['market', 'start', PROGRAM, 'IN']),
      ]);
      expectExit(wrong, 2, '401');
      expectExit(role, 2, '403');
    }, 60_000);

    it('3 for an unknown market', async () => {
      const result = await as('operator')(['market', 'start', PROGRAM, 'ZZ']);
      expectExit(result, 3, /404 market_not_enrolled: /);
    }, 60_000);

    it('4 for a step a rule of the migration refuses', async () => {
      const result = await as('operator')(['batch', 'verified', PROGRAM, 'IN', 'IN-001']);
      expectExit(result, 4, /409 \w+: /);
    }, 60_000);

    it('5 when the server cannot be reached', async () => {
      const port = await freePort();
      const result = await runCli([
        'progress',
        PROGRAM,
        '--url',
        `http://127.0.0.1:${port}`,
        '--key',
        KEYS.viewer,
      ]);
      expectExit(result, 5, `cannot reach the tracker at http://127.0.0.1:${port}`);
    }, 60_000);
  });

  it('has a help line for every command, subcommand and option, and `tracker --help` names them all', async () => {
    // Found by walking the help itself, so that a command added later is checked without being listed here.
    const helped = new Map<string, CliResult>();
    let level: string[][] = [[]];
    while (level.length) {
      const results = await inParallel(
        3,
        level.map((command) => () => runCli([...command, '--help'])),
      );
      const next: string[][] = [];
      results.forEach((result, index) => {
        const command = level[index];
        const name = ['tracker', ...command].join(' ');
        expect({ name, code: result.code }).toEqual({ name, code: 0 });
        expect(result.stdout).toContain(`Usage: ${name} `);
        helped.set(name, result);
        for (const entry of helpEntries(result.stdout, 'Commands')) {
          expect({ name, entry: entry.term, described: entry.description !== '' }).toEqual({
            name,
            entry: entry.term,
            described: true,
          });
          const sub = entry.term.split(' ')[0];
          if (sub !== 'help') next.push([...command, sub]);
        }
        for (const entry of helpEntries(result.stdout, 'Options'))
          expect({ name, option: entry.term, described: entry.description !== '' }).toEqual({
            name,
            option: entry.term,
            described: true,
          });
      });
      level = next;
    }
    const names = [...helped.keys()];
    // The groups and what is in them, at the least (the walk finds whatever else there is).
    expect(names).toEqual(
      expect.arrayContaining([
        'tracker market pause',
        'tracker batch verified',
        'tracker program list',
        'tracker audit witness',
        'tracker subscription deliveries',
        'tracker import',
        'tracker demo',
      ]),
    );
    const root = helped.get('tracker')!.stdout;
    for (const name of names.filter((n) => n.split(' ').length === 3)) {
      const [, group, sub] = name.split(' ');
      expect({ name, listed: new RegExp(`^  ${group} .*\\b${sub}\\b`, 'm').test(root) }).toEqual({
        name,
        listed: true,
      });
    }
  }, 300_000);
});

/** The entries of a section of commander's help (`Options:`, `Commands:`): term and description, wrapped lines joined. */
function helpEntries(help: string, section: string): { term: string; description: string }[] {
  const lines = help.split('\n');
  const start = lines.indexOf(`${section}:`);
  if (start < 0) return [];
  const entries: { term: string; description: string }[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    if (/^ {3,}\S/.test(line) && entries.length) {
      entries[entries.length - 1].description += ` ${line.trim()}`;
      continue;
    }
    const [term, ...description] = line.trim().split(/ {2,}/);
    entries.push({ term, description: description.join(' ') });
  }
  return entries;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
