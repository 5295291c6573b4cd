import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expectPost, programBody } from './support/fixtures';
import { snapshotEventLog } from './support/log-snapshot';
import { TestClock } from './support/test-clock';
import { TestServer } from './support/test-server';

const P = '/programs/crash';
const IN = `${P}/markets/IN`;
const DAY_MS = 86_400_000;

/** The state a process stopped between its append and saving the answer leaves: the key marked as begun. */
function interrupt(dataDir: string, key: string): number {
  const db = new Database(join(dataDir, 'idempotency.sqlite'));
  try {
    return db.prepare("UPDATE idempotency SET status = 0, body = 'null' WHERE key = ?").run(key).changes;
  } finally {
    db.close();
  }
}

describe('the retry of a request interrupted after its append', () => {
  const clock = new TestClock('2014-06-01T08:00:00Z');
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ clock: clock.now });
    await expectPost(server, '/programs', programBody('crash'));
    await expectPost(server, `${P}/markets`, {
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 100_000,
    });
    await expectPost(server, `${IN}/start`);
  });

  afterAll(() => server.stop());

  /** Writes `count` more steps on the market's stream, a few at a time. */
  const moreSteps = async (prefix: string, count: number) => {
    for (let done = 0; done < count; done += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, count - done) }, (_, i) =>
          expectPost(server, `${IN}/batches/${prefix}-${done + i}/copied`, { users: 1 }),
        ),
      );
    }
  };

  const retryReplays = async (key: string, batch: string, before: () => Promise<void>) => {
    const headers = { 'idempotency-key': key };
    const first = await server.post(`${IN}/batches/${batch}/copied`, { users: 10 }, { headers });
    expect(first.status).toBe(201);
    const now = Date.parse(clock.now().toISOString());
    await server.restart(() => expect(interrupt(server.dataDir, key)).toBe(1));
    clock.set(new Date(now - DAY_MS).toISOString());
    await before();
    const log = snapshotEventLog(server.dataDir);
    const retry = await server.post(`${IN}/batches/${batch}/copied`, { users: 10 }, { headers });
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: first.body });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(snapshotEventLog(server.dataDir)).toEqual(log);
    const again = await server.post(`${IN}/batches/${batch}/copied`, { users: 10 }, { headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  };

  it('replays after the clock stepped back a day and another step was recorded', async () => {
    await retryReplays('copy-late-1', 'late-1', () => moreSteps('after-1', 1));
  });

  it('replays after the clock stepped back a day and 1,500 more steps on the stream', async () => {
    await retryReplays('copy-late-2', 'late-2', () => moreSteps('after-2', 1500));
  }, 120_000);
});
