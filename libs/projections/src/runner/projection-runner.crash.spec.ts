import type Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { ProjectionRunner } from './projection-runner';
import { crashTestProjections } from './testing/crash-test-projections';
import { eventually, RunnerFixture } from './testing/runner-fixture';

const CHILD = join(__dirname, 'testing', 'runner-crash-child.ts');

/** Everything the crash-test projections hold, in a comparable form. */
function readModel(db: Database.Database) {
  return {
    streams: db.prepare('SELECT stream_id, events FROM stream_counter_counts__g1 ORDER BY stream_id').all(),
    types: db.prepare('SELECT type, count FROM events_by_type__g1').all(),
  };
}

const appliedEvents = (db: Database.Database): number =>
  Number(db.prepare('SELECT COALESCE(SUM(events), 0) AS total FROM stream_counter_counts__g1').pluck().get());

describe('ProjectionRunner across crashes', () => {
  let fixture: RunnerFixture;
  beforeEach(() => (fixture = new RunnerFixture()));
  afterEach(() => fixture.close());

  async function runToHead(db: Database.Database, head: bigint) {
    const runner = new ProjectionRunner({
      store: fixture.store,
      db,
      projections: crashTestProjections(),
      logger: fixture.logger,
    });
    await runner.start();
    expect(await runner.waitForPosition(head, 20_000)).toBe(true);
    await runner.stop();
    return readModel(db);
  }

  it('applies each event exactly once when its database goes away mid-run', async () => {
    const head = await fixture.append(5000);
    const runner = fixture.runner(crashTestProjections(), { batchSize: 50 });
    await runner.start();
    await eventually(() => runner.checkpoint('stream_counter') > 1000n);
    fixture.db.close(); // the process "dies" between two batches: nothing after the last commit is kept
    await runner.stop();

    fixture.db = fixture.openDb();
    const checkpoint = fixture.db
      .prepare("SELECT checkpoint FROM projection_state WHERE name = 'stream_counter'")
      .pluck()
      .get();
    expect(appliedEvents(fixture.db)).toBe(checkpoint);
    expect(await runToHead(fixture.db, head)).toEqual(await runToHead(fixture.openDb('fresh.sqlite'), head));
  });

  it('applies each event exactly once across kill -9 and restart', async () => {
    const head = await fixture.append(30_000, { streams: 25 });
    const projectionsFile = join(fixture.dir, 'killed.sqlite');
    const lastSeen = await killRunnerMidRun(fixture.storeFile, projectionsFile, 3000n);
    expect(lastSeen).toBeLessThan(head);

    const db = fixture.openDb('killed.sqlite');
    const checkpoint = db
      .prepare("SELECT checkpoint FROM projection_state WHERE name = 'stream_counter'")
      .pluck()
      .get();
    // Every acknowledged commit survived, and the read model holds exactly the events up to its checkpoint.
    expect(BigInt(checkpoint as number)).toBeGreaterThanOrEqual(lastSeen);
    expect(appliedEvents(db)).toBe(checkpoint);
    expect(await runToHead(db, head)).toEqual(await runToHead(fixture.openDb('fresh.sqlite'), head));
  });
});

/** Forks the runner, SIGKILLs it once it reports a commit at or past `killAt`; resolves with the last reported. */
function killRunnerMidRun(storeFile: string, projectionsFile: string, killAt: bigint): Promise<bigint> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [storeFile, projectionsFile, '100'], {
      execArgv: ['-r', require.resolve('@swc-node/register')],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let lastSeen = 0n;
    let pending = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) lastSeen = BigInt(line);
      if (lastSeen >= killAt) child.kill('SIGKILL');
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lastSeen);
      else reject(new Error(`Runner child exited with ${code ?? signal}: ${stderr}`));
    });
  });
}
