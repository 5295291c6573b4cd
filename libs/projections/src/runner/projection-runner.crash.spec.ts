import type Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { ProjectionRunner } from './projection-runner';
import { crashTestProjections, TRAILING_COUNTER } from './testing/crash-test-projections';
import { eventually, RunnerFixture } from './testing/runner-fixture';

const CHILD = join(__dirname, 'testing', 'runner-crash-child.ts');

/** Everything the crash-test projections hold, in a comparable form. */
function readModel(db: Database.Database, trailing = false) {
  return {
    streams: db.prepare('SELECT stream_id, events FROM stream_counter_counts__g1 ORDER BY stream_id').all(),
    types: db.prepare('SELECT type, count FROM events_by_type__g1').all(),
    ...(trailing
      ? {
          trailing: db
            .prepare(`SELECT stream_id, events FROM ${TRAILING_COUNTER}_counts__g1 ORDER BY stream_id`)
            .all(),
        }
      : {}),
  };
}

const appliedEvents = (db: Database.Database, counter = 'stream_counter'): number =>
  Number(db.prepare(`SELECT COALESCE(SUM(events), 0) AS total FROM ${counter}_counts__g1`).pluck().get());

const checkpointOf = (db: Database.Database, name: string): number =>
  Number(db.prepare('SELECT checkpoint FROM projection_state WHERE name = ?').pluck().get(name));

describe('ProjectionRunner across crashes', () => {
  let fixture: RunnerFixture;
  beforeEach(() => (fixture = new RunnerFixture()));
  afterEach(() => fixture.close());

  async function runToHead(db: Database.Database, head: bigint, trailing = false) {
    const runner = new ProjectionRunner({
      store: fixture.store,
      db,
      projections: crashTestProjections({ trailing }),
      logger: fixture.logger,
    });
    await runner.start();
    expect(await runner.waitForPosition(head, 20_000, { trailing: true })).toBe(true);
    await runner.stop();
    return readModel(db, trailing);
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

  it.each([
    ['while the others catch up', 'stream_counter'],
    ['while the trailing projection catches up', TRAILING_COUNTER],
  ])(
    "keeps every lane's checkpoint and tables together when its database goes away %s",
    async (_when, progressing) => {
      const head = await fixture.append(5000);
      const runner = fixture.runner(crashTestProjections({ trailing: true }), { batchSize: 50 });
      await runner.start();
      await eventually(() => runner.checkpoint(progressing) > 1000n);
      fixture.db.close();
      await runner.stop();

      fixture.db = fixture.openDb();
      const [leading, trailing] = [
        checkpointOf(fixture.db, 'stream_counter'),
        checkpointOf(fixture.db, TRAILING_COUNTER),
      ];
      if (progressing === TRAILING_COUNTER) expect(leading).toBe(Number(head));
      else expect(trailing).toBe(0);
      expect(leading).toBeGreaterThan(trailing);
      expect(appliedEvents(fixture.db)).toBe(leading);
      expect(appliedEvents(fixture.db, TRAILING_COUNTER)).toBe(trailing);
      expect(await runToHead(fixture.db, head, true)).toEqual(
        await runToHead(fixture.openDb('fresh.sqlite'), head, true),
      );
    },
  );

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

  it('applies each event exactly once across kill -9 and restart while a trailing projection catches up', async () => {
    const head = await fixture.append(30_000, { streams: 25 });
    const lastSeen = await killRunnerMidRun(
      fixture.storeFile,
      join(fixture.dir, 'killed.sqlite'),
      3000n,
      'trailing',
    );
    expect(lastSeen).toBeLessThan(head);

    const db = fixture.openDb('killed.sqlite');
    // The others had reached the head before the trailing counter applied anything it reported.
    expect(checkpointOf(db, 'stream_counter')).toBe(Number(head));
    expect(checkpointOf(db, TRAILING_COUNTER)).toBeGreaterThanOrEqual(Number(lastSeen));
    for (const counter of ['stream_counter', TRAILING_COUNTER])
      expect(appliedEvents(db, counter)).toBe(checkpointOf(db, counter));
    expect(await runToHead(db, head, true)).toEqual(
      await runToHead(fixture.openDb('fresh.sqlite'), head, true),
    );
  });
});

/** Forks the runner, SIGKILLs it once it reports a commit at or past `killAt`; resolves with the last reported. */
function killRunnerMidRun(
  storeFile: string,
  projectionsFile: string,
  killAt: bigint,
  mode: 'trailing' | '' = '',
): Promise<bigint> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [storeFile, projectionsFile, '100', mode], {
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
