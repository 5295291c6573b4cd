import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedBigProgram, type BigProgram } from './support/big-program';
import { eventually } from './support/eventually';
import { metric } from './support/metric-value';
import { TestClock } from './support/test-clock';
import { TestServer } from './support/test-server';

/**
 * The as-of index trails (Projection.trailing): a replica starting on a log without read models serves live
 * progress as soon as the other read models reach the head, while the index is still catching up; as-of
 * questions asked meanwhile are answered by the full replay, and give the same answers once the index is there.
 */

const LONG = 'trail-2014';
const MARKETS = ['IN', 'HK', 'ID'];
const PAIRS = 6_500;
const MINUTE = 60_000;
const ENV = { AS_OF_CACHE_ENTRIES: '0', COSTLY_REQUESTS_PER_MINUTE: '10000' };

describe('a replica whose as-of index trails', () => {
  let server: TestServer;
  let big: BigProgram;
  const clock = new TestClock('2014-05-01T00:00:00Z');

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-e2e-'));
    // 39,007 events and no read models: the as-of index, the costliest read model, takes seconds to build.
    big = await seedBigProgram(dataDir, { programId: LONG, markets: MARKETS, pairs: PAIRS });
    server = await TestServer.start({ clock: clock.now, env: ENV, dataDir });
  }, 120_000);

  afterAll(() => server.stop());

  const projections = async () =>
    (await server.get('/admin/projections', { key: 'operator' })).body.projections as any[];
  const indexOf = (list: any[]) => list.find((p) => p.name === 'as-of-index');
  const asOf = (instant: Date) =>
    `/programs/${LONG}/progress?asOf=${encodeURIComponent(instant.toISOString())}&basis=recorded`;
  const outcomes = async () => {
    const text = (await server.get('/metrics', { key: null })).text;
    return ['index', 'behind'].map((outcome) =>
      metric(text, `tracker_as_of_index_total{outcome="${outcome}"}`),
    );
  };

  it('serves live progress and right as-of answers before the index caught up, the same ones after', async () => {
    // Batch k is copied at start + 4k minutes and verified 2 minutes later, each recorded a minute after:
    // by this instant batches 0..1000 of each market were recorded copied and verified.
    const instant = new Date(big.firstBatchAt.getTime() + (4 * 1000 + 3.5) * MINUTE);
    const live = await server.get(`/programs/${LONG}/progress?minPosition=${big.head}`, { key: 'viewer' });
    expect(live.status).toBe(200);
    expect(live.body.totals.verifiedUsers).toBe(MARKETS.length * PAIRS * 100);
    const first = await projections();
    const index = indexOf(first);
    // Read-your-writes answered while the index was far behind: it trails, and the replica is ready.
    expect(index).toMatchObject({ trailing: true, status: 'catching_up' });
    expect(index.checkpoint).toBeLessThan(Number(big.head));
    expect(index.lagEvents).toBeGreaterThan(0);
    expect(first.filter((p) => p.name !== 'as-of-index').every((p) => !p.trailing)).toBe(true);
    const health = await server.get('/health', { key: null });
    expect(health.status).toBe(200);
    const healthIndex = health.body.info.projections.projections.find((p: any) => p.name === 'as-of-index');
    expect(healthIndex).toMatchObject({ trailing: true });
    expect((await server.get('/metrics', { key: null })).text).toContain(
      'tracker_projection_trailing{projection="as-of-index"} 1',
    );

    const early = await server.get(asOf(instant));
    expect(early.status).toBe(200);
    expect(early.body.totals.verifiedUsers).toBe(MARKETS.length * 1001 * 100);
    for (const market of early.body.markets) expect(market.verifiedUsers).toBe(1001 * 100);

    await eventually(projections, (list) => indexOf(list).status === 'live', 60_000);
    const [indexBefore] = await outcomes();
    const late = await server.get(asOf(instant));
    expect(late.status).toBe(200);
    expect(late.body).toEqual(early.body);
    const [indexAfter] = await outcomes();
    expect(indexAfter).toBe(indexBefore + 1); // this time from the index
  }, 120_000);
});
