import { driveScenario } from './support/drive-scenario';
import { NOW, PROGRAM_ID, referenceSteps } from './support/reference-scenario';
import { TestClock } from './support/test-clock';
import { TestServer } from './support/test-server';

const P = `/programs/${PROGRAM_ID}`;

describe('progress of the reference program on 1 July 2014, through HTTP', () => {
  const clock = new TestClock(NOW);
  let server: TestServer;
  let lastPosition: number;

  beforeAll(async () => {
    server = await TestServer.start({ clock: clock.now });
    lastPosition = await driveScenario(server, clock, referenceSteps());
    clock.set(NOW);
  });

  afterAll(() => server.stop());

  const progress = async () => {
    const answer = await server.get(`${P}/progress?minPosition=${lastPosition}`, { key: 'viewer' });
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('shows each market with its status against the deadline', async () => {
    const body = await progress();
    const statuses = Object.fromEntries(body.markets.map((m: any) => [m.market, m.status]));
    expect(statuses).toEqual({
      HK: 'on_track',
      ID: 'at_risk',
      IN: 'completed',
      MY: 'off_track',
      PH: 'not_started',
      SG: 'on_track',
      TW: 'off_track',
    });
    // Paused for two weeks: nothing verified in the trailing week, so it is further behind than Taiwan.
    expect(body.riskiestMarket).toMatchObject({ market: 'MY', status: 'off_track' });
    expect(body.daysLeft).toBeCloseTo(122.5, 1);
  });

  it('counts users per market and in total', async () => {
    const body = await progress();
    const market = (code: string) => body.markets.find((m: any) => m.market === code);
    expect(market('HK')).toMatchObject({
      usersInScope: 410_000,
      verifiedUsers: 183_000,
      remainingUsers: 227_000,
      percentVerified: 44.63,
      phase: 'migrating',
    });
    expect(market('IN')).toMatchObject({
      verifiedUsers: 620_000,
      percentVerified: 100,
      phase: 'completed',
      failures: 1,
      retries: 1,
    });
    expect(market('SG')).toMatchObject({ verifiedUsers: 240_000, phase: 'cut_over', remainingUsers: 0 });
    expect(market('MY')).toMatchObject({ verifiedUsers: 90_000, phase: 'paused', stale: true });
    expect(market('HK').throughputPerDay).toBe(3_000);
    expect(market('HK').requiredRatePerDay).toBeCloseTo(227_000 / 122.5, 1);
    expect(body.totals).toMatchObject({
      markets: 7,
      usersInScope: 3_960_000,
      verifiedUsers: 183_000 + 122_000 + 455_000 + 90_000 + 240_000 + 620_000,
    });
    expect(body.totals.byStatus).toEqual({
      off_track: 2,
      at_risk: 1,
      not_started: 1,
      on_track: 2,
      completed_late: 0,
      completed: 1,
    });
  });

  it('forecasts a constant-rate market to the exact day, and knows finished and idle markets', async () => {
    const hk = (await server.get(`${P}/markets/HK/progress`, { key: 'viewer' })).body;
    // Half of 1 July is left (noon): 1,500 users today, then 225,500 more at 3,000 a day = 76 days: 15 September.
    expect(hk.forecast).toMatchObject({
      p50: '2014-09-15',
      p85: '2014-09-15',
      p95: '2014-09-15',
      probabilityByDeadline: 1,
      trials: 10_000,
    });
    const tw = (await server.get(`${P}/markets/TW/progress`, { key: 'viewer' })).body;
    expect(tw.forecast.probabilityByDeadline).toBe(0);
    expect(tw.forecast.p50 > '2014-10-31').toBe(true);
    const india = (await server.get(`${P}/markets/IN/progress`, { key: 'viewer' })).body;
    expect(india.forecast).toMatchObject({ p50: '2014-06-16', probabilityByDeadline: 1, basis: 'completed' });
    const ph = (await server.get(`${P}/markets/PH/progress`, { key: 'viewer' })).body;
    expect(ph.forecast).toMatchObject({ p50: null, probabilityByDeadline: 0 });
  });

  it('gives the same forecast for the same history', async () => {
    // Malaysia's days differ (paused two weeks), so its trials spread: the seed is what makes them repeat.
    const forecast = async () =>
      (await server.get(`${P}/markets/MY/progress?minPosition=${lastPosition}`, { key: 'viewer' })).body
        .forecast;
    const first = await forecast();
    expect(first.p50 < first.p95).toBe(true);
    expect(first.p50 <= first.p85 && first.p85 <= first.p95).toBe(true);
    // Asked again here, the answer would come from this process's forecast cache: ask a fresh process.
    await server.restart();
    expect(await forecast()).toEqual(first);
  });

  it('lists programs, the timeline newest first, and the daily series', async () => {
    const programs = (await server.get('/programs', { key: 'viewer' })).body;
    expect(programs.programs).toEqual([expect.objectContaining({ programId: PROGRAM_ID, markets: 7 })]);
    const timeline = (await server.get(`${P}/timeline?limit=3`, { key: 'viewer' })).body.steps;
    expect(timeline.map((s: any) => [s.market, s.type])).toEqual([
      ['SG', 'CutoverCompleted'],
      ['ID', 'BatchVerified'],
      ['TW', 'BatchVerified'],
    ]);
    const series = (await server.get(`${P}/markets/HK/series`, { key: 'viewer' })).body;
    expect(series.days).toHaveLength(61);
    expect(series.days[0]).toMatchObject({
      day: '2014-05-01',
      verifiedUsers: 3_000,
      cumulativeVerified: 3_000,
    });
    expect(series.days.at(-1)).toMatchObject({ day: '2014-06-30', cumulativeVerified: 183_000 });
  });

  it('puts a late entry on the day it happened', async () => {
    clock.set(NOW);
    const copied = await server.post(`${P}/markets/HK/batches/HK-late/copied`, {
      users: 700,
      occurredAt: '2014-05-10T10:00:00+08:00',
    });
    const verified = await server.post(`${P}/markets/HK/batches/HK-late/verified`, {
      occurredAt: '2014-05-10T11:00:00+08:00',
    });
    expect([copied.status, verified.status]).toEqual([201, 201]);
    const series = (
      await server.get(`${P}/markets/HK/series?minPosition=${verified.body.position}`, { key: 'viewer' })
    ).body;
    expect(series.days.find((d: any) => d.day === '2014-05-10')).toMatchObject({ verifiedUsers: 3_700 });
    const hk = (await server.get(`${P}/markets/HK/progress`, { key: 'viewer' })).body;
    expect(hk.verifiedUsers).toBe(183_700);
    expect(hk.lastStep).toMatchObject({ type: 'BatchVerified', occurredAt: '2014-06-30T08:00:00.000Z' });
  });

  it('answers 304 to If-None-Match with the current ETag, and 200 once something changed', async () => {
    const first = await server.get(`${P}/progress`, { key: 'viewer' });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const again = await server.get(`${P}/progress`, { key: 'viewer', headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const step = await server.post(`${P}/markets/HK/batches/HK-etag/copied`, { users: 10 });
    const changed = await server.get(`${P}/progress?minPosition=${step.body.position}`, {
      key: 'viewer',
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('refuses unknown programs and markets, and bad query parameters', async () => {
    expect((await server.get('/programs/nope/progress', { key: 'viewer' })).body.error).toBe(
      'program_not_found',
    );
    expect((await server.get(`${P}/markets/JP/progress`, { key: 'viewer' })).body.error).toBe(
      'market_not_enrolled',
    );
    const bad = await server.get(`${P}/timeline?limit=0`, { key: 'viewer' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe('limit');
    expect((await server.get(`${P}/progress`, { key: null })).status).toBe(401);
  });
});
