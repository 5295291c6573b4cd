import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_STREAM } from '@app/audit';
import { driveScenario } from './support/drive-scenario';
import { NOW, PROGRAM_ID, referenceSteps } from './support/reference-scenario';
import { flipOneDigit, rechain, row, withEventFile } from './support/tamper';
import { TestClock } from './support/test-clock';
import { TestServer } from './support/test-server';

/**
 * Tampering with the SQLite file behind the server's back: each kind of change is detected by GET
 * /audit/verify and located (stream, revision, position). Every case works on its own copy of one store.
 */
const HK = `market-${PROGRAM_ID}-HK`;
const TW = `market-${PROGRAM_ID}-TW`;
// Only the checkpoints the tests ask for: no periodic one in between (the scenario spans months).
const ENV = { CHECKPOINT_EVERY_MINUTES: '5256000', CHECKPOINT_EVERY_EVENTS: '10000000' };

describe('audit verification against a tampered event file', () => {
  let pristine: string;
  type Checkpoint = {
    treeSize: number;
    /** Position of the last event the signed tree covers. */
    position: number;
    rootHash: string;
    event: { revision: number; position: number; hash: string };
  };
  let first: Checkpoint;
  let second: Checkpoint;
  /** Events in the log (the second checkpoint's event is the last) and the first one's position. */
  let events: number;
  let firstPosition: number;

  beforeAll(async () => {
    const clock = new TestClock('2014-01-15T00:00:00Z');
    const server = await TestServer.start({ clock: clock.now, env: ENV });
    const steps = referenceSteps();
    const half = Math.floor(steps.length * 0.8);
    await driveScenario(server, clock, steps.slice(0, half));
    first = (await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).body;
    await driveScenario(server, clock, steps.slice(half));
    clock.set(NOW);
    const answer = await server.post('/audit/checkpoints', undefined, { key: 'operator' });
    expect(answer.status).toBe(201);
    second = answer.body;
    // Counted, never read off positions: positions are opaque (the gapped run gives them gaps).
    events = second.treeSize + 1;
    firstPosition = (await server.get('/events?limit=1')).body.events[0].position;
    await server.stop({ keepData: true });
    pristine = server.dataDir;
  });

  /** A server on a copy of the pristine store, tampered with before it starts. */
  async function verifyAfter(tamper: (dataDir: string) => void, query = ''): Promise<any> {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-tamper-'));
    cpSync(pristine, dataDir, { recursive: true });
    tamper(dataDir);
    const server = await TestServer.start({ dataDir, env: ENV });
    try {
      const answer = await server.get(`/audit/verify${query}`);
      expect(answer.status).toBe(200);
      return answer.body;
    } finally {
      await server.stop();
    }
  }

  it('accepts the untouched log: every chain, both signed roots, the anchor', async () => {
    const report = await verifyAfter(
      () => undefined,
      `?anchor=${second.event.revision}:${second.event.hash}`,
    );
    expect(report).toMatchObject({
      ok: true,
      events,
      streams: 9,
      lastPosition: second.event.position,
      covered: { treeSize: second.treeSize, rootHash: second.rootHash },
      checkpoints: {
        count: 2,
        valid: 2,
        latest: {
          sequence: 2,
          revision: second.event.revision,
          hash: second.event.hash,
          treeSize: second.treeSize,
        },
      },
      firstBreak: null,
      breaks: [],
    });
  });

  it('locates one changed byte in one event', async () => {
    let position = 0;
    const report = await verifyAfter((dir) =>
      withEventFile(dir, (db) => {
        const target = row(db, HK, 5);
        position = Number(target.position);
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
          flipOneDigit(target.data),
          target.position,
        );
      }),
    );
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ kind: 'hash_mismatch', stream: HK, revision: 5, position });
  });

  it('locates a changed event whose whole chain was recomputed, through the signed root', async () => {
    const report = await verifyAfter((dir) =>
      withEventFile(dir, (db) => {
        const target = row(db, HK, 5);
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
          flipOneDigit(target.data),
          target.position,
        );
        rechain(db, HK, 5);
      }),
    );
    // The first checkpoint's tree holds the changed event: its root no longer matches, nor the second's.
    expect(report.breaks.map((b: any) => [b.kind, b.revision])).toEqual([
      ['checkpoint_root_mismatch', first.event.revision],
      ['checkpoint_root_mismatch', second.event.revision],
    ]);
    expect(report.firstBreak).toMatchObject({ expected: first.rootHash, position: first.position });
  });

  it('locates a deleted event as the missing revision', async () => {
    const report = await verifyAfter((dir) =>
      withEventFile(dir, (db) =>
        db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 7').run(HK),
      ),
    );
    expect(report.firstBreak).toMatchObject({ kind: 'revision_gap', stream: HK, revision: 7, actual: 8 });
  });

  it('locates two events swapped in the log', async () => {
    let position = 0;
    const report = await verifyAfter((dir) =>
      withEventFile(dir, (db) => {
        const a = row(db, TW, 3);
        const b = row(db, TW, 4);
        position = Number(a.position);
        const move = db.prepare('UPDATE events SET position = ? WHERE position = ?');
        db.transaction(() => {
          move.run(-1, a.position);
          move.run(a.position, b.position);
          move.run(b.position, -1);
        })();
      }),
    );
    expect(report.firstBreak).toMatchObject({
      kind: 'revision_gap',
      stream: TW,
      revision: 3,
      position,
      actual: 4,
    });
    expect(report.breaks[1]).toMatchObject({ kind: 'revision_out_of_order', stream: TW, revision: 3 });
  });

  it('locates a dropped tail through the checkpoint the auditor kept', async () => {
    const drop = (dir: string) =>
      withEventFile(dir, (db) =>
        db.prepare('DELETE FROM events WHERE position > ?').run(first.event.position),
      );
    // Alone, the shortened log is consistent: what is gone left no trace in what remains...
    expect((await verifyAfter(drop)).ok).toBe(true);
    // ...but the checkpoint kept from before the cut is not in it any more.
    const report = await verifyAfter(drop, `?anchor=${second.event.revision}:${second.event.hash}`);
    expect(report.firstBreak).toMatchObject({
      kind: 'anchor_missing',
      stream: AUDIT_STREAM,
      revision: second.event.revision,
      expected: second.event.hash,
      actual: null,
    });
  });

  it('locates a dropped tail of events that the last checkpoint still vouches for', async () => {
    const report = await verifyAfter((dir) =>
      withEventFile(dir, (db) =>
        db
          .prepare('DELETE FROM events WHERE position > ? AND stream_id != ?')
          .run(first.event.position, AUDIT_STREAM),
      ),
    );
    expect(report.firstBreak).toMatchObject({
      kind: 'checkpoint_beyond_log',
      revision: second.event.revision,
      expected: second.treeSize,
      actual: first.treeSize + 2,
    });
  });

  it('locates swapped signed notes, even with the audit chain recomputed', async () => {
    const swap = (rechained: boolean) => (dir: string) =>
      withEventFile(dir, (db) => {
        const a = row(db, AUDIT_STREAM, first.event.revision);
        const b = row(db, AUDIT_STREAM, second.event.revision);
        const na = JSON.parse(a.data).note;
        const nb = JSON.parse(b.data).note;
        const set = db.prepare("UPDATE events SET data = json_set(data, '$.note', ?) WHERE position = ?");
        set.run(nb, a.position);
        set.run(na, b.position);
        if (rechained) rechain(db, AUDIT_STREAM, first.event.revision);
      });
    // Neither checkpoint verifies any more: nothing vouches for the log, and both are located.
    const plain = await verifyAfter(swap(false));
    expect(plain.firstBreak).toMatchObject({ kind: 'no_trusted_checkpoint', position: firstPosition });
    const atCheckpoint = (report: any) => report.breaks.find((b: any) => b.stream === AUDIT_STREAM);
    expect(atCheckpoint(plain)).toMatchObject({
      stream: AUDIT_STREAM,
      revision: first.event.revision,
      position: first.event.position,
    });
    expect(['hash_mismatch', 'checkpoint_malformed']).toContain(atCheckpoint(plain).kind);
    const forged = await verifyAfter(swap(true));
    expect(atCheckpoint(forged)).toMatchObject({
      kind: 'checkpoint_malformed',
      stream: AUDIT_STREAM,
      revision: first.event.revision,
      position: first.event.position,
    });
    expect(forged.breaks.map((b: any) => b.kind)).not.toContain('hash_mismatch');
  });

  it('reads the file itself while the server runs, not what it cached', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-tamper-'));
    cpSync(pristine, dataDir, { recursive: true });
    const server = await TestServer.start({ dataDir, env: ENV });
    try {
      expect((await server.get('/audit/verify')).body.ok).toBe(true);
      withEventFile(dataDir, (db) => {
        const target = row(db, TW, 2);
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
          flipOneDigit(target.data),
          target.position,
        );
      });
      expect((await server.get('/audit/verify')).body.firstBreak).toMatchObject({
        kind: 'hash_mismatch',
        stream: TW,
        revision: 2,
      });
    } finally {
      await server.stop();
    }
  });
});
