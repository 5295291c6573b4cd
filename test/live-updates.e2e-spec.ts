import { eventually } from './support/eventually';
import { expectPost, programBody } from './support/fixtures';
import { SseClient } from './support/sse-client';
import { KEYS, TestServer } from './support/test-server';

const P = '/programs/live';

describe('live updates, read-your-writes, metrics and health', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ env: { READ_WAIT_TIMEOUT_MS: '300' } });
    await expectPost(server, '/programs', programBody('live', { deadline: '2099-12-31T23:59:59Z' }));
    await expectPost(server, `${P}/markets`, { market: 'IN', targetRegion: 'us-east', usersInScope: 1000 });
    const started = await expectPost(server, `${P}/markets/IN/start`);
    // The stream answers 404 for a program the read side does not know yet: wait until it has caught up.
    await eventually(
      () => server.get(`${P}/progress?minPosition=${started.position}`, { key: 'viewer' }),
      (read) => read.status === 200,
    );
  });

  afterAll(() => server.stop());

  it('pushes a step to an SSE client right after it is POSTed', async () => {
    const client = await SseClient.open(`${server.url}${P}/stream`, KEYS.viewer);
    try {
      expect(client.status).toBe(200);
      expect(client.contentType).toContain('text/event-stream');
      const first = await client.waitFor((m) => m.event === 'progress');
      expect(first.data.markets[0]).toMatchObject({ market: 'IN', copiedUsers: 0 });

      const step = await expectPost(server, `${P}/markets/IN/batches/b1/copied`, { users: 250 });
      const update = await client.waitFor(
        (m) => m.event === 'progress-changes' && m.data.markets[0]?.copiedUsers === 250,
      );
      expect(update.data.changedMarkets).toEqual(['IN']);
      expect(update.data.totals.copiedUsers).toBe(250);
      expect(Number(update.id)).toBeGreaterThanOrEqual(step.position);
    } finally {
      client.close();
    }
  });

  it('refuses a stream without a key or for an unknown program', async () => {
    expect((await fetch(`${server.url}${P}/stream`)).status).toBe(401);
    const unknown = await fetch(`${server.url}/programs/nope/stream`, {
      headers: { authorization: `Bearer ${KEYS.viewer}` },
    });
    expect(unknown.status).toBe(404);
  });

  it('reads its own write with ?minPosition=, and refuses at once a position past the end of the log', async () => {
    const step = await expectPost(server, `${P}/markets/IN/batches/b1/verified`);
    const read = await server.get(`${P}/markets/IN/progress?minPosition=${step.position}`, { key: 'viewer' });
    expect(read.body.verifiedUsers).toBe(250);
    // READ_WAIT_TIMEOUT_MS is the default 5 s here: a 400 rather than a 503 means it did not wait.
    const beyond = await server.get(`${P}/progress?minPosition=${step.position + 1000}`, { key: 'viewer' });
    expect(beyond.status).toBe(400);
    expect(beyond.body).toMatchObject({
      error: 'validation_failed',
      details: {
        fields: [
          {
            field: 'minPosition',
            problems: [
              `no event at or after position ${step.position + 1000}: the last event of the log is at ${step.position}`,
            ],
          },
        ],
      },
    });
  });

  it('exposes per-market gauges, appends, command latency and projection lag at /metrics', async () => {
    const step = await expectPost(server, `${P}/markets/IN/batches/b2/copied`, { users: 100 });
    await server.get(`${P}/progress?minPosition=${step.position}`, { key: 'viewer' });
    const metrics = await server.get('/metrics', { key: null });
    expect(metrics.status).toBe(200);
    const line = (prefix: string) => metrics.text.split('\n').find((l) => l.startsWith(prefix));
    expect(line('tracker_market_users_in_scope{program="live",market="IN"}')).toMatch(/ 1000$/);
    expect(line('tracker_market_users_verified{program="live",market="IN"}')).toMatch(/ 250$/);
    expect(line('tracker_market_verified_ratio{program="live",market="IN"}')).toMatch(/ 0.25$/);
    // Every status has a line (0 or 1): only the current one reads 1. A quarter verified today with the
    // deadline in 2099 is on track.
    const statuses = ['not_started', 'on_track', 'at_risk', 'off_track', 'completed', 'completed_late'];
    expect(
      statuses.map((status) => line(`tracker_market_status{program="live",market="IN",status="${status}"}`)),
    ).toEqual(statuses.map((status) => expect.stringMatching(status === 'on_track' ? / 1$/ : / 0$/)));
    expect(line('tracker_events_appended_total{type="BatchCopied"}')).toMatch(/ 2$/);
    expect(line('tracker_command_duration_seconds_count{command="RecordBatchCopied",outcome="ok"}')).toMatch(
      / 2$/,
    );
    expect(line('tracker_projection_lag_events{projection="market-progress"}')).toMatch(/ 0$/);
    expect(line('tracker_projection_up{projection="timeline"}')).toMatch(/ 1$/);
    expect(
      line(
        'tracker_http_requests_total{method="POST",route="/programs/:programId/markets/:market/batches/:batchId/copied",status="201"}',
      ),
    ).toMatch(/ 2$/);
  });

  it('sends only what changed after the whole view: what a client assembles is the program progress', async () => {
    const client = await SseClient.open(`${server.url}${P}/stream`, KEYS.viewer);
    try {
      const first = await client.waitFor((m) => m.event === 'progress');
      expect(first.data.markets.map((m: any) => m.market)).toEqual(['IN']);
      await expectPost(server, `${P}/markets/IN/batches/b3/copied`, { users: 50 });
      const copied = await client.waitFor((m) => m.event === 'progress-changes');
      expect(copied.data.markets.map((m: any) => m.market)).toEqual(['IN']);
      // A market enrolled since: a client not knowing it yet adds it.
      const enrolled = await expectPost(server, `${P}/markets`, {
        market: 'HK',
        targetRegion: 'singapore',
        usersInScope: 400,
      });
      const added = await client.waitFor(
        (m) => m.event === 'progress-changes' && Number(m.id) >= enrolled.position,
      );
      expect(added.data.markets.map((m: any) => m.market)).toEqual(['HK']);
      expect(added.data.changedMarkets).toEqual(['HK']);
      expect(added.data.totals).toMatchObject({ markets: 2, usersInScope: 1400 });

      const assembled = client.messages
        .filter((m) => m.event === 'progress' || m.event === 'progress-changes')
        .reduce((view: any, m) => (m.event === 'progress' ? m.data : applyChanges(view, m.data)), undefined);
      const read = await server.get(`${P}/progress?minPosition=${enrolled.position}`, { key: 'viewer' });
      // Equal but for what follows the clock: the view's instant, and the two market figures that move with it.
      expect(withoutClock(assembled)).toEqual(withoutClock(read.body));
    } finally {
      client.close();
    }
  });

  it('opens every connection with the whole view, a reconnection with Last-Event-ID included', async () => {
    const step = await expectPost(server, `${P}/markets/HK/start`);
    await server.get(`${P}/progress?minPosition=${step.position}`, { key: 'viewer' });
    const again = await SseClient.open(`${server.url}${P}/stream`, KEYS.viewer, {
      'last-event-id': String(step.position - 1),
    });
    try {
      const first = await again.waitFor(() => true);
      expect(first.event).toBe('progress');
      expect(first.id).toBe(String(step.position));
      expect(first.data.markets.map((m: any) => [m.market, m.phase])).toEqual([
        ['HK', 'migrating'],
        ['IN', 'migrating'],
      ]);
    } finally {
      again.close();
    }
  });

  it('reports projection state in /health', async () => {
    const health = await server.get('/health', { key: null });
    expect(health.status).toBe(200);
    const projections = health.body.info.projections.projections.map((p: any) => [p.name, p.status]);
    expect(projections).toEqual(
      expect.arrayContaining([
        ['market-progress', 'live'],
        ['timeline', 'live'],
      ]),
    );
  });
});

function withoutClock(view: any): any {
  const { asOf: _asOf, changedMarkets: _changed, markets, ...fields } = view;
  const stripped = markets.map(({ projectedFinish: _f, requiredRatePerDay: _r, ...market }: any) => market);
  return { ...fields, markets: stripped };
}

/** What the dashboard does with a `progress-changes` event: the program fields and the markets sent replace theirs. */
function applyChanges(view: any, changes: any): any {
  const markets = new Map(view.markets.map((m: any) => [m.market, m]));
  for (const market of changes.markets) markets.set(market.market, market);
  const sorted = [...markets.values()].sort((a: any, b: any) => (a.market < b.market ? -1 : 1));
  return { ...view, ...changes, markets: sorted };
}

describe('live updates as time passes', () => {
  let server: TestServer;
  let shiftMs = 0;

  beforeAll(async () => {
    server = await TestServer.start({ clock: () => new Date(Date.now() + shiftMs) });
    await expectPost(server, '/programs', programBody('aging', { deadline: '2099-12-31T23:59:59Z' }));
    await expectPost(server, '/programs/aging/markets', {
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 100,
    });
    await expectPost(server, '/programs/aging/markets', {
      market: 'SG',
      targetRegion: 'us-east',
      usersInScope: 100,
    });
    await expectPost(server, '/programs/aging/markets/IN/start');
    const step = await expectPost(server, '/programs/aging/markets/IN/batches/b1/copied', { users: 10 });
    await eventually(
      () => server.get(`/programs/aging/progress?minPosition=${step.position}`, { key: 'viewer' }),
      (read) => read.status === 200,
    );
  });

  afterAll(() => server.stop());

  it('sends a market that turned stale with no step, within the re-check interval', async () => {
    const client = await SseClient.open(`${server.url}/programs/aging/stream`, KEYS.viewer);
    try {
      const first = await client.waitFor((m) => m.event === 'progress');
      expect(first.data.markets.map((m: any) => [m.market, m.stale])).toEqual([
        ['IN', false],
        ['SG', false],
      ]);
      // Two days without a step: IN (migrating) is stale; SG (not started) expects nothing and is not, but its
      // days left changed with the time: both are sent.
      shiftMs = 2 * 24 * 3600_000;
      const aged = await client.waitFor((m) => m.event === 'progress-changes', 8_000);
      expect(aged.data.markets.map((m: any) => [m.market, m.stale])).toEqual([
        ['IN', true],
        ['SG', false],
      ]);
      expect(aged.data.changedMarkets).toEqual([]);
      expect(aged.data.totals.staleMarkets).toBe(1);
      expect(aged.id).toBe(first.id);
    } finally {
      client.close();
    }
  });
});

describe('live updates as whole views (SSE_FULL_VIEWS=1)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ env: { SSE_FULL_VIEWS: '1' } });
    await expectPost(server, '/programs', programBody('whole', { deadline: '2099-12-31T23:59:59Z' }));
    const enrolled = await expectPost(server, '/programs/whole/markets', {
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 100,
    });
    await eventually(
      () => server.get(`/programs/whole/progress?minPosition=${enrolled.position}`, { key: 'viewer' }),
      (read) => read.status === 200,
    );
  });

  afterAll(() => server.stop());

  it('sends every update as the whole view', async () => {
    await expectPost(server, '/programs/whole/markets', {
      market: 'HK',
      targetRegion: 'us-east',
      usersInScope: 50,
    });
    const client = await SseClient.open(`${server.url}/programs/whole/stream`, KEYS.viewer);
    try {
      await client.waitFor((m) => m.event === 'progress');
      await expectPost(server, '/programs/whole/markets/IN/start');
      const update = await client.waitFor((m) => m.event === 'progress' && m.data.changedMarkets.length > 0);
      expect(update.data.changedMarkets).toEqual(['IN']);
      expect(update.data.markets.map((m: any) => [m.market, m.phase])).toEqual([
        ['HK', 'planned'],
        ['IN', 'migrating'],
      ]);
      expect(client.messages.map((m) => m.event)).not.toContain('progress-changes');
    } finally {
      client.close();
    }
  });
});
