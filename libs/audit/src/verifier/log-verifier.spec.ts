import { AUDIT_STREAM } from '../checkpoint/checkpoint';
import { canonicalEventBody } from '../hash-chain/event-hash';
import { PROGRESS_EVERY, verifyLog, type VerifyProgress } from './log-verifier';
import { FixtureLog, newKey } from './testing/fixture-log';

const key = newKey();
const trusted = (...keys: { keyId: string; publicKeyPem: string }[]) =>
  new Map(keys.map((k) => [k.keyId, k.publicKeyPem]));

function verify(log: FixtureLog, keys = trusted(key), events = log.events) {
  return verifyLog({ auditStream: log.auditStream(), log: events, trustedKeys: keys });
}

describe('log verifier', () => {
  describe('given an untouched log with checkpoints', () => {
    it('accepts it and reports counts and the latest checkpoint', async () => {
      const log = new FixtureLog();
      log.steps('market-p-IN', 3);
      log.steps('market-p-SG', 2);
      log.checkpoint(key);
      log.steps('market-p-IN', 2);
      const cp = log.checkpoint(key);
      const report = await verify(log);
      expect(report).toMatchObject({ ok: true, events: 9, streams: 3, lastPosition: 9, firstBreak: null });
      expect(report.checkpoints).toMatchObject({ count: 2, valid: 2, latest: { sequence: 2, position: 9 } });
      expect(report.checkpoints.latest?.hash).toBe(cp.metadata.hash);
    });
  });

  describe('progress', () => {
    it('reports each phase in order and the events read so far, and leaves the verdict as it is', async () => {
      const log = new FixtureLog();
      for (let i = 0; i < 5; i++) log.steps(`market-p-M${i}`, PROGRESS_EVERY / 2);
      log.treeHead(key);
      const seen: VerifyProgress[] = [];
      const report = await verifyLog({
        auditStream: log.auditStream(),
        log: log.events,
        trustedKeys: trusted(key),
        onProgress: (progress) => seen.push({ ...progress }),
      });
      const total = 5 * (PROGRESS_EVERY / 2);
      expect(seen).toEqual([
        { phase: 'checkpoints', events: 0, total: null },
        { phase: 'events', events: 0, total },
        { phase: 'events', events: PROGRESS_EVERY, total },
        { phase: 'events', events: 2 * PROGRESS_EVERY, total },
        { phase: 'roots', events: total + 1, total },
      ]);
      expect(report).toEqual(await verify(log));
      expect(report).toMatchObject({ ok: true, events: total + 1 });
    });
  });

  describe('when checkpoints do not extend each other', () => {
    it('locates a stream whose revision goes back', async () => {
      const log = new FixtureLog();
      log.steps('market-p-IN', 3);
      log.checkpoint(key);
      log.checkpoint(
        key,
        (body) => (body.heads['market-p-IN'] = { ...body.heads['market-p-IN'], revision: 1 }),
      );
      const report = await verify(log);
      // The forged head contradicts the log too; both show, the head first (it comes earlier in the log).
      expect(report.breaks.map((b) => [b.kind, b.stream, b.revision])).toEqual([
        ['checkpoint_head_mismatch', 'market-p-IN', 1],
        ['checkpoint_not_extending', AUDIT_STREAM, 1],
      ]);
    });

    it('locates a stream that vanished', async () => {
      const log = new FixtureLog();
      log.steps('market-p-IN', 1);
      log.steps('market-p-SG', 1);
      log.checkpoint(key);
      log.checkpoint(key, (body) => delete body.heads['market-p-SG']);
      const report = await verify(log);
      expect(report.breaks.map((b) => b.kind)).toEqual(
        expect.arrayContaining(['checkpoint_not_extending', 'checkpoint_stream_unlisted']),
      );
      expect(report.breaks.find((b) => b.kind === 'checkpoint_stream_unlisted')).toMatchObject({
        stream: 'market-p-SG',
      });
    });

    it('locates a sequence that skips', async () => {
      const log = new FixtureLog();
      log.steps('market-p-IN', 1);
      log.checkpoint(key);
      log.checkpoint(key, (body) => (body.sequence = 5));
      expect((await verify(log)).firstBreak).toMatchObject({
        kind: 'checkpoint_not_extending',
        expected: 2,
        actual: 5,
      });
    });
  });

  describe('keys', () => {
    it('refuses a checkpoint signed by a key nobody trusts', async () => {
      const log = new FixtureLog();
      log.steps('market-p-IN', 1);
      log.checkpoint(newKey());
      const report = await verify(log);
      expect(report.breaks.map((b) => [b.kind, b.stream, b.revision])).toEqual([
        ['no_trusted_checkpoint', 'market-p-IN', 0],
        ['checkpoint_unknown_key', AUDIT_STREAM, 0],
      ]);
    });

    it('follows a rotation signed by the previous key, and refuses one signed by another', async () => {
      const next = newKey();
      const log = new FixtureLog();
      log.steps('market-p-IN', 1);
      log.checkpoint(key);
      log.rotate(key, next);
      log.checkpoint(next);
      const report = await verify(log);
      expect(report).toMatchObject({ ok: true, checkpoints: { valid: 2 } });
      expect(report.keys).toEqual([key.keyId, next.keyId]);

      const forged = new FixtureLog();
      const intruder = newKey();
      forged.steps('market-p-IN', 1);
      forged.rotate(key, intruder, intruder);
      forged.checkpoint(intruder);
      const kinds = (await verify(forged)).breaks.map((b) => b.kind);
      expect(kinds).toEqual(['no_trusted_checkpoint', 'key_rotation_invalid', 'checkpoint_unknown_key']);
    });
  });

  describe('the log itself', () => {
    it('locates positions that do not increase', async () => {
      const log = new FixtureLog();
      log.steps('market-p-IN', 2);
      log.steps('market-p-SG', 1);
      const events = [...log.events];
      events[2] = { ...events[2], position: 1n };
      expect((await verify(log, trusted(key), events)).firstBreak).toMatchObject({
        kind: 'position_not_increasing',
        stream: 'market-p-SG',
        revision: 0,
      });
    });

    it('locates an unreadable row and goes on', async () => {
      const log = new FixtureLog();
      log.steps('market-p-IN', 3);
      log.treeHead(key);
      const events = [...log.events];
      events[1] = { ...events[1], unreadable: 'Unexpected token' };
      const report = await verify(log, trusted(key), events);
      expect(report.firstBreak).toMatchObject({
        kind: 'unreadable_event',
        stream: 'market-p-IN',
        revision: 1,
      });
    });
  });

  describe('a log large enough to be hashed on a thread of its own', () => {
    it('still locates a changed event past the point where hashing moved to the thread', async () => {
      const log = new FixtureLog();
      log.steps('market-p-IN', 12_000);
      log.steps('market-p-SG', 8_000);
      log.treeHead(key);
      // As a bundle reads it: each event with the exact text its hash covers.
      const events = log.events.map((event) => ({ ...event, hashedText: canonicalEventBody(event) }));
      const target = events.findIndex((e) => e.streamId === 'market-p-SG' && e.revision === 7_000n);
      const changed = { ...events[target], data: { batchId: 'b7000', users: 99 } };
      events[target] = { ...changed, hashedText: canonicalEventBody(changed) };
      const report = await verify(log, trusted(key), events);
      expect(report.breaks.map((b) => [b.kind, b.stream, b.revision])).toEqual([
        ['hash_mismatch', 'market-p-SG', 7_000],
      ]);
      expect((await verify(log, trusted(key), log.events)).ok).toBe(true);
    });
  });
});
