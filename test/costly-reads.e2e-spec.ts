import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedBigProgram, type BigProgram } from './support/big-program';
import { eventually } from './support/eventually';
import { metric } from './support/metric-value';
import { expectPost, programBody } from './support/fixtures';
import { snapshotEventLog } from './support/log-snapshot';
import { TestClock } from './support/test-clock';
import { TestServer } from './support/test-server';

/**
 * Replays of the past (`?asOf=` progress, the diff) are costly: answers are cached by what they depend on,
 * at most one runs at a time here (AS_OF_CONCURRENCY=1) with one waiting (AS_OF_QUEUE=1), more are refused,
 * and a long one leaves the server free to answer /health and live reads between its slices.
 */

const LONG = 'long-2014';
const SMALL = '/programs/small-2014';
const ENV = {
  AS_OF_CONCURRENCY: '1',
  AS_OF_QUEUE: '1',
  COSTLY_REQUESTS_PER_MINUTE: '1000',
  CHECKPOINT_EVERY_MINUTES: '5256000',
  CHECKPOINT_EVERY_EVENTS: '10000000',
};

/** Probes every few ms (not eventually's 50), so that a state lasting a fraction of a second is seen. */
async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within 30 s: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('costly reads: as-of replays cached, limited, and never in the way of the rest', () => {
  let server: TestServer;
  let big: BigProgram;
  const clock = new TestClock('2014-05-01T00:00:00Z');

  /** An instant `percent` of the way through the long program's batches. */
  const at = (percent: number) => {
    const [first, last] = [big.firstBatchAt.getTime(), big.lastBatchAt.getTime()];
    return encodeURIComponent(new Date(first + ((last - first) * percent) / 100).toISOString());
  };
  const asOf = (percent: number) => `/programs/${LONG}/progress?asOf=${at(percent)}`;
  const diff = (from: number, to: number) => `/programs/${LONG}/diff?from=${at(from)}&to=${at(to)}`;
  const metrics = async () => (await server.get('/metrics', { key: null })).text;
  const answers = async (source: string) =>
    metric(await metrics(), `tracker_as_of_answers_total{source="${source}"}`);
  const gauge = async (name: string) => metric(await metrics(), name);

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-e2e-'));
    // 39,007 events: one uncached replay of it takes many turns of the event loop.
    big = await seedBigProgram(dataDir, { programId: LONG, markets: ['IN', 'HK', 'ID'], pairs: 6_500 });
    server = await TestServer.start({ clock: clock.now, env: ENV, dataDir });
    await eventually(
      () => server.get(`/programs/${LONG}/progress?minPosition=${big.head}`),
      (answer) => answer.status === 200,
      60_000,
    );
  }, 120_000);

  afterAll(() => server.stop());

  describe('cache', () => {
    it('answers a repeated question from its cache, with the answer it computed', async () => {
      for (const path of [asOf(20), `/programs/${LONG}/markets/HK/progress?asOf=${at(20)}`, diff(20, 21)]) {
        const computed = await server.get(path);
        expect(computed.status).toBe(200);
        const [cachedBefore, replaysBefore] = [await answers('cache'), await answers('replay')];
        const again = await server.get(path);
        expect(again.status).toBe(200);
        expect(again.body).toEqual(computed.body);
        expect([await answers('cache'), await answers('replay')]).toEqual([cachedBefore + 1, replaysBefore]);
      }
    });

    it('tells different instants apart', async () => {
      const [early, late] = [await server.get(asOf(10)), await server.get(asOf(90))];
      expect(early.body.totals.verifiedUsers).toBeLessThan(late.body.totals.verifiedUsers);
    });

    describe('after an append to the program', () => {
      const T = encodeURIComponent('2014-06-01T00:00:00Z');
      const T0 = encodeURIComponent('2014-04-01T00:00:00Z');
      const verified = (answer: { body: { markets: { market: string; verifiedUsers: number }[] } }) =>
        Object.fromEntries(answer.body.markets.map((m) => [m.market, m.verifiedUsers]));

      beforeAll(async () => {
        clock.set('2014-05-01T00:00:00Z');
        await expectPost(server, '/programs', programBody('small-2014'));
        await expectPost(server, `${SMALL}/markets`, {
          market: 'IN',
          targetRegion: 'us-east',
          usersInScope: 1_000,
        });
        await expectPost(server, `${SMALL}/markets/IN/start`, {});
        await expectPost(server, `${SMALL}/markets/IN/batches/IN-1/copied`, { users: 100 });
        await expectPost(server, `${SMALL}/markets/IN/batches/IN-1/verified`, {});
      });

      it('answers the same question with the append in it', async () => {
        const before = await server.get(`${SMALL}/progress?asOf=${T}`);
        const marketBefore = await server.get(`${SMALL}/markets/IN/progress?asOf=${T}`);
        const diffBefore = await server.get(`${SMALL}/diff?from=${T0}&to=${T}`);
        expect(verified(before)).toEqual({ IN: 100 });
        expect(marketBefore.body.verifiedUsers).toBe(100);

        await expectPost(server, `${SMALL}/markets/IN/batches/IN-2/copied`, { users: 200 });
        await expectPost(server, `${SMALL}/markets/IN/batches/IN-2/verified`, {});

        expect(verified(await server.get(`${SMALL}/progress?asOf=${T}`))).toEqual({ IN: 300 });
        expect((await server.get(`${SMALL}/markets/IN/progress?asOf=${T}`)).body.verifiedUsers).toBe(300);
        const diffAfter = await server.get(`${SMALL}/diff?from=${T0}&to=${T}`);
        expect(diffAfter.body.markets[0].events.length).toBe(diffBefore.body.markets[0].events.length + 2);
      });

      it('answers with a market enrolled since', async () => {
        expect(verified(await server.get(`${SMALL}/progress?asOf=${T}`))).toEqual({ IN: 300 });
        const { position } = await expectPost(server, `${SMALL}/markets`, {
          market: 'HK',
          targetRegion: 'singapore',
          usersInScope: 500,
        });
        const after = await server.get(`${SMALL}/progress?asOf=${T}&minPosition=${position}`);
        expect(verified(after)).toEqual({ IN: 300, HK: 0 });
        const hk = await server.get(`${SMALL}/markets/HK/progress?asOf=${T}`);
        expect([hk.status, hk.body.usersInScope]).toEqual([200, 500]);
      });
    });
  });

  it('answers /health and live progress while a long replay runs, before the replay ends', async () => {
    const order: string[] = [];
    const track = <T>(name: string, answer: Promise<T>) => answer.finally(() => order.push(name));
    const replay = track('diff', server.get(diff(50, 51)));
    await until(
      () => gauge('tracker_as_of_replays_running'),
      (running) => running === 1,
    );
    const [health, live] = await Promise.all([
      track('health', server.get('/health', { key: null })),
      track('live', server.get(`/programs/${LONG}/progress`, { key: 'viewer' })),
    ]);
    expect([health.status, live.status, (await replay).status]).toEqual([200, 200, 200]);
    expect(order.at(-1)).toBe('diff');
  });

  it('refuses a replay beyond the queue with the JSON 503 and Retry-After, appends nothing, shares identical ones', async () => {
    const log = snapshotEventLog(server.dataDir);
    const [refusedBefore, sharedBefore] = [await answers('refused'), await answers('shared')];
    const running = server.get(diff(60, 61));
    await until(
      () => gauge('tracker_as_of_replays_running'),
      (n) => n === 1,
    );
    const queued = server.get(asOf(62));
    await until(
      () => gauge('tracker_as_of_replays_queued'),
      (n) => n === 1,
    );

    const [refused, same] = await Promise.all([server.get(asOf(63)), server.get(diff(60, 61))]);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toEqual({
      error: 'replays_busy',
      message: expect.stringContaining('retry in 1 s'),
      details: { running: 1, queued: 1, retryAfterSeconds: 1 },
    });
    const [first, second] = [await running, await queued];
    expect([first.status, second.status, same.status]).toEqual([200, 200, 200]);
    expect(same.body).toEqual(first.body);
    expect([await answers('refused'), await answers('shared')]).toEqual([
      refusedBefore + 1,
      sharedBefore + 1,
    ]);
    expect(snapshotEventLog(server.dataDir)).toEqual(log);
    // Room again once the queue has drained.
    expect((await server.get(asOf(63))).status).toBe(200);
  });
});
