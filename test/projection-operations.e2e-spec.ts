import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './support/eventually';
import { expectPost, programBody } from './support/fixtures';
import { TestServer } from './support/test-server';

const P = '/programs/ops';

describe('operating the projections', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
    await expectPost(server, '/programs', programBody('ops', { deadline: '2099-01-01T00:00:00Z' }));
    await expectPost(server, `${P}/markets`, { market: 'IN', targetRegion: 'us-east', usersInScope: 1000 });
    await expectPost(server, `${P}/markets/IN/start`);
    for (let i = 1; i <= 20; i++)
      await expectPost(server, `${P}/markets/IN/batches/b${i}/copied`, { users: 10 });
  });

  afterAll(() => server.stop());

  const projections = async () =>
    (await server.get('/admin/projections', { key: 'operator' })).body.projections as any[];
  const progress = async () => (await server.get(`${P}/markets/IN/progress`, { key: 'viewer' })).body;

  it('rebuilds a projection into a new generation and serves the same answers', async () => {
    const before = await progress();
    const generation = (await projections()).find((p) => p.name === 'market-progress').generation;
    const started = await server.post('/admin/projections/market-progress/rebuild', undefined, {
      key: 'operator',
    });
    expect(started.status).toBe(202);
    const swapped = await eventually(
      projections,
      (list) => list.find((p) => p.name === 'market-progress').generation === generation + 1,
    );
    expect(swapped.find((p) => p.name === 'market-progress').status).toBe('live');
    expect(await progress()).toEqual(before);
  });

  it('refuses a rebuild from a viewer and of an unknown projection', async () => {
    expect(
      (await server.post('/admin/projections/market-progress/rebuild', undefined, { key: 'viewer' })).status,
    ).toBe(403);
    const unknown = await server.post('/admin/projections/nope/rebuild', undefined, { key: 'operator' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('unknown_projection');
  });

  it('isolates a poison event: only the projections that cannot apply it stop, health says so, skip resumes', async () => {
    // A corrupt event written behind the API's back (a BatchCopied without a user count).
    const db = new Database(join(server.dataDir, 'events.sqlite'));
    const revision =
      Number(
        (db.prepare("SELECT max(revision) AS r FROM events WHERE stream_id = 'market-ops-IN'").get() as any)
          .r,
      ) + 1;
    const metadata = {
      actor: 'intruder',
      occurredAt: new Date().toISOString(),
      recordedAt: new Date().toISOString(),
    };
    db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      'market-ops-IN',
      revision,
      randomUUID(),
      'BatchCopied',
      JSON.stringify({ programId: 'ops', market: 'IN', batchId: 'bad' }),
      JSON.stringify(metadata),
      new Date().toISOString(),
    );
    db.close();
    // The next step through the API wakes the runner and reaches the projections after the poison event.
    const next = await expectPost(server, `${P}/markets/IN/batches/b99/copied`, { users: 5 });

    const failed = await eventually(projections, (list) => list.some((p) => p.status === 'failed'));
    const byName = Object.fromEntries(failed.map((p) => [p.name, p]));
    expect(byName['market-progress']).toMatchObject({
      status: 'failed',
      poison: { type: 'BatchCopied', streamId: 'market-ops-IN' },
    });
    expect(byName['market-progress'].poison.error).toContain('is not a number');
    expect(byName['timeline'].status).toBe('live');
    expect(byName['timeline'].checkpoint).toBeGreaterThanOrEqual(next.position);

    const health = await server.get('/health', { key: null });
    expect(health.status).toBe(503);
    expect(health.body.details.details.projections.failed).toContain('market-progress');
    const metrics = (await server.get('/metrics', { key: null })).text;
    expect(metrics).toContain('tracker_projection_up{projection="market-progress"} 0');

    for (const name of byName['market-daily']?.status === 'failed'
      ? ['market-progress', 'market-daily']
      : ['market-progress']) {
      expect(
        (await server.post(`/admin/projections/${name}/skip`, undefined, { key: 'operator' })).status,
      ).toBe(202);
    }
    await eventually(projections, (list) => list.every((p) => p.status === 'live'));
    const recovered = (
      await server.get(`${P}/markets/IN/progress?minPosition=${next.position}`, { key: 'viewer' })
    ).body;
    expect(recovered.copiedUsers).toBe(205);
    expect((await server.get('/health', { key: null })).status).toBe(200);
  });
});

describe('a data dir pointed at a recreated store', () => {
  it('rebuilds its read models from the new log instead of reading on from the old checkpoints', async () => {
    const server = await TestServer.start();
    try {
      await expectPost(server, '/programs', programBody('old', { deadline: '2099-01-01T00:00:00Z' }));
      await expectPost(server, '/programs/old/markets', {
        market: 'IN',
        targetRegion: 'us-east',
        usersInScope: 9,
      });
      await expectPost(server, '/programs/old/markets/IN/start');
      for (let i = 1; i <= 5; i++)
        await expectPost(server, `/programs/old/markets/IN/batches/b${i}/copied`, { users: 1 });
      // The store is recreated (a wiped volume, a restore elsewhere); the read models stay behind.
      await server.restart(() => {
        for (const suffix of ['', '-wal', '-shm'])
          rmSync(join(server.dataDir, `events.sqlite${suffix}`), { force: true });
      });
      const written = await expectPost(
        server,
        '/programs',
        programBody('new', { deadline: '2099-01-01T00:00:00Z' }),
      );
      const programs = await server.get(`/programs?minPosition=${written.position}`, { key: 'viewer' });
      expect(programs.status).toBe(200);
      expect(JSON.stringify(programs.body)).not.toContain('"old"');
      expect(JSON.stringify(programs.body)).toContain('"new"');
      expect((await server.get('/programs/old/markets/IN/progress', { key: 'viewer' })).status).toBe(404);
      const list = await eventually(
        async () => (await server.get('/admin/projections', { key: 'operator' })).body.projections as any[],
        (projections) => projections.every((p) => p.status === 'live' && p.lagEvents === 0),
      );
      expect(list.every((p) => p.checkpoint === written.position)).toBe(true);
      expect((await server.get('/audit/verify')).body).toMatchObject({ ok: true });
    } finally {
      await server.stop();
    }
  });
});
