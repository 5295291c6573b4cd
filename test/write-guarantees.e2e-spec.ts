import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalJson } from '@app/audit';
import { expectPost, programBody } from './support/fixtures';
import { snapshotEventLog } from './support/log-snapshot';
import { TestServer } from './support/test-server';

const P = '/programs/ref';

function withIdempotencyFile<T>(dataDir: string, change: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'idempotency.sqlite'));
  try {
    return change(db);
  } finally {
    db.close();
  }
}

/** What the server compares a retry with: the body and If-Match (none here). */
const requestFingerprint = (body: unknown) =>
  createHash('sha256')
    .update(canonicalJson({ body, ifMatch: null }))
    .digest('hex');
const IN = `${P}/markets/IN`;
/** Steps queued on one market while another market writes (see 'side by side'). */
const QUEUED = 40;

describe('write guarantees through HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
    await expectPost(server, '/programs', programBody('ref'));
    await expectPost(server, `${P}/markets`, { market: 'IN', targetRegion: 'us-east', usersInScope: 620000 });
    await expectPost(server, `${IN}/start`);
  });

  afterAll(() => server.stop());

  describe('Idempotency-Key', () => {
    it('answers a retry with the original answer and writes once, also after a restart', async () => {
      const headers = { 'idempotency-key': 'copy-b100-attempt' };
      const first = await server.post(`${IN}/batches/b100/copied`, { users: 5000 }, { headers });
      expect(first.status).toBe(201);
      const rowsAfterFirst = snapshotEventLog(server.dataDir).rows;

      const retry = await server.post(`${IN}/batches/b100/copied`, { users: 5000 }, { headers });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');

      await server.restart();
      const afterRestart = await server.post(`${IN}/batches/b100/copied`, { users: 5000 }, { headers });
      expect(afterRestart.status).toBe(201);
      expect(afterRestart.body).toEqual(first.body);
      expect(snapshotEventLog(server.dataDir).rows).toBe(rowsAfterFirst);
    });

    it('writes once when the same key arrives twice at the same time', async () => {
      const rows = snapshotEventLog(server.dataDir).rows;
      const headers = { 'idempotency-key': 'copy-b101' };
      const answers = await Promise.all([
        server.post(`${IN}/batches/b101/copied`, { users: 10 }, { headers }),
        server.post(`${IN}/batches/b101/copied`, { users: 10 }, { headers }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      expect(answers[0].body).toEqual(answers[1].body);
      expect(snapshotEventLog(server.dataDir).rows).toBe(rows + 1);
    });

    it('refuses the same key with a different request and writes nothing', async () => {
      const headers = { 'idempotency-key': 'copy-b102' };
      expect((await server.post(`${IN}/batches/b102/copied`, { users: 10 }, { headers })).status).toBe(201);
      const before = snapshotEventLog(server.dataDir);
      const reused = await server.post(`${IN}/batches/b102/copied`, { users: 11 }, { headers });
      expect(reused.status).toBe(422);
      expect(reused.body.error).toBe('idempotency_key_reused');
      expect(snapshotEventLog(server.dataDir)).toEqual(before);
    });

    describe('when the process stopped between the append and saving the answer', () => {
      // The state such a stop leaves: the events are in the log, the key is marked as begun, no answer.
      const interrupt = (key: string) =>
        withIdempotencyFile(server.dataDir, (db) =>
          db.prepare("UPDATE idempotency SET status = 0, body = 'null' WHERE key = ?").run(key),
        );

      it('answers the retry with what the request wrote, and writes nothing more', async () => {
        const headers = { 'idempotency-key': 'copy-b104' };
        const first = await server.post(`${IN}/batches/b104/copied`, { users: 700 }, { headers });
        expect(first.status).toBe(201);
        const before = snapshotEventLog(server.dataDir);
        await server.restart(() => expect(interrupt('copy-b104').changes).toBe(1));
        const retry = await server.post(`${IN}/batches/b104/copied`, { users: 700 }, { headers });
        expect(retry.status).toBe(201);
        expect(retry.body).toEqual(first.body);
        // It wrote nothing: its answer is the first attempt's, and says so like any other replay.
        expect(retry.headers.get('idempotent-replayed')).toBe('true');
        expect(snapshotEventLog(server.dataDir)).toEqual(before);
        // The answer is kept now: the next retry is a plain replay.
        const again = await server.post(`${IN}/batches/b104/copied`, { users: 700 }, { headers });
        expect(again.headers.get('idempotent-replayed')).toBe('true');
        expect(again.body).toEqual(first.body);
      });

      it('runs the retry afresh when the request stopped before writing', async () => {
        const headers = { 'idempotency-key': 'copy-b105' };
        await server.restart(() =>
          withIdempotencyFile(server.dataDir, (db) =>
            db
              .prepare(
                "INSERT INTO idempotency (scope, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, 0, 'null', ?)",
              )
              .run(
                `ops-1 POST ${IN}/batches/b105/copied`,
                'copy-b105',
                requestFingerprint({ users: 10 }),
                new Date().toISOString(),
              ),
          ),
        );
        const rows = snapshotEventLog(server.dataDir).rows;
        const retry = await server.post(`${IN}/batches/b105/copied`, { users: 10 }, { headers });
        expect(retry.status).toBe(201);
        expect(retry.headers.get('idempotent-replayed')).toBeNull();
        expect(snapshotEventLog(server.dataDir).rows).toBe(rows + 1);
        const other = await server.post(`${IN}/batches/b105/copied`, { users: 11 }, { headers });
        expect(other.status).toBe(422);
      });
    });

    it('records the key in the envelope of the event it wrote', async () => {
      await server.post(
        `${IN}/batches/b103/copied`,
        { users: 10 },
        { headers: { 'idempotency-key': 'copy-b103' } },
      );
      const history = await server.get(`${IN}/events?fromRevision=0&limit=1000`);
      const event = history.body.events.find((e: any) => e.data.batchId === 'b103');
      expect(event.metadata.idempotencyKey).toBe('copy-b103');
    });
  });

  describe('If-Match', () => {
    it('accepts the current revision and refuses a stale one with 409, writing nothing', async () => {
      const history = await server.get(`${IN}/events?limit=1000`);
      const head = history.body.events.at(-1).revision;
      const ok = await server.post(
        `${IN}/batches/b200/copied`,
        { users: 10 },
        { headers: { 'if-match': String(head) } },
      );
      expect(ok.status).toBe(201);
      expect(ok.body.revision).toBe(head + 1);
      const before = snapshotEventLog(server.dataDir);
      const stale = await server.post(
        `${IN}/batches/b201/copied`,
        { users: 10 },
        { headers: { 'if-match': String(head) } },
      );
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        error: 'revision_conflict',
        details: { expectedRevision: String(head), actualRevision: String(head + 1) },
      });
      expect(snapshotEventLog(server.dataDir)).toEqual(before);
    });

    it('lets exactly one of many writers racing on the same revision win', async () => {
      const history = await server.get(`${IN}/events?limit=1000`);
      const head = String(history.body.events.at(-1).revision);
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          server.post(`${IN}/batches/race-${i}/copied`, { users: 1 }, { headers: { 'if-match': head } }),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(7);
    });
  });

  describe('concurrent writers without If-Match', () => {
    it('serialises steps on one market so none is lost and the chain stays whole', async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => server.post(`${IN}/batches/par-${i}/copied`, { users: 1 })),
      );
      expect(answers.every((a) => a.status === 201)).toBe(true);
      const revisions = answers.map((a) => a.body.revision).sort((a, b) => a - b);
      expect(new Set(revisions).size).toBe(20);
      expect(revisions.at(-1)! - revisions[0]).toBe(19);
    });

    it('writes steps of different markets side by side', async () => {
      await Promise.all(
        ['HK', 'ID', 'MY', 'PH'].map((market) =>
          expectPost(server, `${P}/markets`, { market, targetRegion: 'singapore', usersInScope: 1000 }),
        ),
      );
      const answers = await Promise.all(
        ['HK', 'ID', 'MY', 'PH'].map((m) => server.post(`${P}/markets/${m}/start`)),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      const positions = answers.map((a) => a.body.position);
      expect(new Set(positions).size).toBe(4);

      // A queue of steps on one market does not hold up a step on another. Connections are opened first, so
      // every queued step reaches the server at once; HK's step is sent once the first of them is answered.
      // Behind one lock for all streams it would wait for the whole queue and land after it.
      await Promise.all(Array.from({ length: QUEUED }, () => server.get('/health', { key: null })));
      const queued = Array.from({ length: QUEUED }, (_, i) =>
        server.post(`${IN}/batches/queue-${i}/copied`, { users: 1 }),
      );
      await Promise.race(queued);
      const other = await server.post(`${P}/markets/HK/batches/side-1/copied`, { users: 1 });
      const inQueue = await Promise.all(queued);
      expect([other.status, ...new Set(inQueue.map((a) => a.status))]).toEqual([201, 201]);
      const lastQueued = Math.max(...inQueue.map((a) => a.body.position));
      expect(other.body.position).toBeLessThan(lastQueued);
    });
  });

  describe('envelope', () => {
    it('records actor, role, correlation and causation ids, both times and the schema version', async () => {
      const answer = await server.post(
        `${IN}/batches/env-1/copied`,
        { users: 3, occurredAt: '2014-05-02T10:00:00+08:00' },
        {
          headers: { 'x-correlation-id': 'nightly-run-42', 'x-causation-id': 'ticket-7' },
        },
      );
      expect(answer.status).toBe(201);
      // By revision: positions are opaque (position - 1 need not be an event's, see the gapped run).
      const page = await server.get(`${IN}/events?fromRevision=${answer.body.revision}&limit=1`);
      const [event] = page.body.events;
      expect(event).toMatchObject({
        type: 'BatchCopied',
        streamId: 'market-ref-IN',
        data: { batchId: 'env-1', users: 3 },
      });
      expect(event.metadata).toMatchObject({
        actor: 'ops-1',
        role: 'operator',
        correlationId: 'nightly-run-42',
        causationId: 'ticket-7',
        occurredAt: '2014-05-02T02:00:00.000Z',
        schemaVersion: 2,
        prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(Date.parse(event.metadata.recordedAt)).toBeGreaterThan(Date.parse('2020-01-01T00:00:00Z'));
    });
  });
});
