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
        (m) => m.event === 'progress' && m.data.markets[0].copiedUsers === 250,
      );
      expect(update.data.changedMarkets).toEqual(['IN']);
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
