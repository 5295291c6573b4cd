import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { expectPost, programBody } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { TestServer } from './support/test-server';

const P = '/programs/fx';
const IN = `${P}/markets/IN`;
const ENV = { CHECKPOINT_EVERY_MINUTES: '5256000', CHECKPOINT_EVERY_EVENTS: '10000000' };

/** Another application's events in the same store, appended through a store of its own. */
async function writeForeignStreams(dataDir: string): Promise<number> {
  const other = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
  try {
    const event = (i: number) => ({ id: randomUUID(), type: 'ContractTested', data: { i }, metadata: {} });
    await other.append('contract_x', [event(0), event(1), event(2)], { expectedRevision: 'no_stream' });
    // Longer than a reader's page, so a page of nothing but others' events is met.
    const many = Array.from({ length: 250 }, (_, i) => event(i));
    await other.append('contract_y', many, { expectedRevision: 'no_stream' });
    return 253;
  } finally {
    await other.close();
  }
}

/** A row written straight into the file by another program: its data is not JSON. */
function writeRawRow(dataDir: string, streamId: string): number {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    const result = db
      .prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at)
         VALUES (?, 0, ?, 'Blob', ?, '{}', '2014-06-01T00:00:00.000Z')`,
      )
      .run(streamId, randomUUID(), Buffer.from([0xde, 0xad, 0xbe, 0xef]).toString('latin1'));
    return Number(result.lastInsertRowid);
  } finally {
    db.close();
  }
}

describe('a store holding events that are not the tracker’s', () => {
  const clock = new TestClock('2014-06-01T08:00:00Z');
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ clock: clock.now, env: ENV });
    await expectPost(server, '/programs', programBody('fx'));
    await expectPost(server, `${P}/markets`, { market: 'IN', targetRegion: 'us-east', usersInScope: 1000 });
    await expectPost(server, `${IN}/start`);
    await expectPost(server, `${IN}/batches/b1/copied`, { users: 10 });
  });

  afterAll(() => server.stop());

  const copied = async (minPosition: number) => {
    const answer = await server.get(`${IN}/progress?minPosition=${minPosition}`, { key: 'viewer' });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const skippedMetric = async (reason: string) => {
    const text = (await server.get('/metrics', { key: null })).text;
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`tracker_log_events_skipped_total{reason="${reason}"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('keeps projections, history, checkpoints and verification to its own streams', async () => {
    await writeForeignStreams(server.dataDir);
    writeRawRow(server.dataDir, 'other-app-blobs');
    const written = await expectPost(server, `${IN}/batches/b2/copied`, { users: 5 });

    expect(await copied(written.position)).toMatchObject({ copiedUsers: 15 });

    const history = await server.get('/events?limit=1000');
    expect(history.status).toBe(200);
    const streams = new Set(history.body.events.map((event: { streamId: string }) => event.streamId));
    expect([...streams].sort()).toEqual(['market-fx-IN', 'program-fx']);
    expect(history.body.events).toHaveLength(5);

    expect((await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).status).toBe(201);
    const verify = await server.get('/audit/verify');
    expect(verify.body).toMatchObject({ ok: true, events: 6, breaks: [] });
    // The checkpoint's tree holds the five tracker events before it, none of the 254 others.
    expect(verify.body.covered.treeSize).toBe(5);
    expect(await skippedMetric('foreign')).toBeGreaterThanOrEqual(254);
  });

  it('skips an unreadable event of its own streams, reports it, and goes on', async () => {
    const position = writeRawRow(server.dataDir, 'market-fx-ZZ');
    const written = await expectPost(server, `${IN}/batches/b3/copied`, { users: 7 });

    expect(await copied(written.position)).toMatchObject({ copiedUsers: 22 });
    const health = await server.get('/health', { key: null });
    expect(health.status).toBe(200);
    expect(health.body.info.eventStore.unreadableEvents).toEqual({
      count: 1,
      events: [expect.objectContaining({ position: String(position), streamId: 'market-fx-ZZ' })],
    });
    expect(await skippedMetric('unreadable')).toBeGreaterThanOrEqual(1);
    const history = await server.get(`/events?limit=1000`);
    expect(history.body.events.map((event: { type: string }) => event.type)).not.toContain('Blob');

    // Damage in the tracker's own streams is for the auditor to see: verification names it.
    const verify = await server.get('/audit/verify');
    expect(verify.body.ok).toBe(false);
    expect(verify.body.breaks).toContainEqual(
      expect.objectContaining({ kind: 'unreadable_event', position }),
    );
    expect((await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).status).toBe(201);
    // The tree skips it (no leaf), and so does the verifier: the roots signed after it still match, so the
    // verdict names that one event, not every checkpoint that follows it.
    await expectPost(server, `${IN}/batches/b4/copied`, { users: 1 });
    expect((await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).status).toBe(201);
    const after = await server.get('/audit/verify');
    expect(after.body.breaks.map((b: { kind: string }) => b.kind)).toEqual(['unreadable_event']);
  });
});
