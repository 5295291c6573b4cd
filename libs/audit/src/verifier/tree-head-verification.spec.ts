import { AUDIT_STREAM } from '../checkpoint/checkpoint';
import { computeEventHash } from '../hash-chain/event-hash';
import type { AuditEvent } from './audit-event';
import { verifyLog, type VerifyLogOptions } from './log-verifier';
import { FixtureLog, newKey } from './testing/fixture-log';

/**
 * Signed tree heads (schema 2 checkpoints) as an auditor with a pinned key meets them: every event must be a
 * leaf of a signed tree, every signed root must be the root of the log's leaves, and successive trees must
 * extend each other. Each tampering an auditor worries about is refused and located.
 */
const key = newKey();
const pinned = new Map([[key.keyId, key.publicKeyPem]]);
const IN = 'market-p-IN';
const SG = 'market-p-SG';

function verify(log: FixtureLog, options: Partial<VerifyLogOptions> = {}) {
  const events = options.log ?? log.events;
  const audit = [...(events as AuditEvent[])].filter((e) => e.streamId === AUDIT_STREAM);
  return verifyLog({ auditStream: audit, log: events, trustedKeys: pinned, ...options });
}

/** A log of two markets with two signed tree heads (after 5 and after 9 events). */
function signedLog(): FixtureLog {
  const log = new FixtureLog();
  log.steps(IN, 3);
  log.steps(SG, 2);
  log.treeHead(key);
  log.steps(IN, 3);
  log.treeHead(key);
  return log;
}

/** What a forger without the key does: change one event and recompute its stream's chain from there on. */
function forge(events: AuditEvent[], stream: string, revision: number): AuditEvent[] {
  const copy = events.map((e) => ({ ...e, metadata: { ...e.metadata }, data: structuredClone(e.data) }));
  let prevHash: unknown;
  for (const event of copy) {
    if (event.streamId !== stream || Number(event.revision) < revision) continue;
    if (Number(event.revision) === revision) (event.data as { users: number }).users += 1000;
    else event.metadata.prevHash = prevHash;
    event.metadata.hash = computeEventHash(event);
    prevHash = event.metadata.hash;
  }
  return copy;
}

describe('verification against signed tree heads', () => {
  describe('given an untouched log', () => {
    it('accepts it: every root matches, and the signatures cover every event', async () => {
      const log = signedLog();
      const report = await verify(log);
      expect(report).toMatchObject({ ok: true, events: 10, breaks: [] });
      expect(report.covered).toEqual({ treeSize: 9, rootHash: log.tree.rootAt(9).toString('hex') });
      expect(report.checkpoints).toMatchObject({ count: 2, valid: 2, latest: { sequence: 2, treeSize: 9 } });
    });
  });

  describe('the forge: checkpoints deleted, one event changed, its chain recomputed', () => {
    it('is refused: nothing signed by a trusted key vouches for the log any more', async () => {
      const log = signedLog();
      const forged = forge(log.events, IN, 1).filter((e) => e.streamId !== AUDIT_STREAM);
      const report = await verify(log, { log: forged, auditStream: [] });
      expect(report.ok).toBe(false);
      expect(report.breaks.map((b) => b.kind)).toEqual(['no_trusted_checkpoint']);
      expect(report.firstBreak).toMatchObject({ position: 1, actual: 8 });
    });

    it('is refused with the checkpoints kept: the signed root no longer matches', async () => {
      const log = signedLog();
      const report = await verify(log, { log: forge(log.events, IN, 1) });
      expect(report.firstBreak).toMatchObject({
        kind: 'checkpoint_root_mismatch',
        stream: AUDIT_STREAM,
        revision: 0,
        position: 5,
        expected: log.tree.rootAt(5).toString('hex'),
      });
    });
  });

  it('refuses a log truncated below a signed tree, naming the checkpoint', async () => {
    const log = signedLog();
    // The last three market events go, the checkpoints stay (their own chain is intact).
    const truncated = log.events.filter((e) => !(e.streamId === IN && Number(e.revision) >= 3));
    const report = await verify(log, { log: truncated });
    expect(report.ok).toBe(false);
    expect(report.breaks.map((b) => b.kind)).toContain('checkpoint_beyond_log');
    expect(report.breaks.find((b) => b.kind === 'checkpoint_beyond_log')).toMatchObject({
      revision: 1,
      expected: 9,
      actual: 7,
    });
  });

  it('refuses events reordered in the log, though each stream stays in order', async () => {
    const log = signedLog();
    const events = [...log.events];
    // IN#2 and SG#0 swap places (and positions): every chain still links, only the tree sees it.
    const [a, b] = [events[2], events[3]];
    events[2] = { ...b, position: a.position };
    events[3] = { ...a, position: b.position };
    const report = await verify(log, { log: events });
    expect(report.breaks.map((x) => x.kind)).toEqual([
      'checkpoint_root_mismatch',
      'checkpoint_root_mismatch',
    ]);
  });

  it('refuses a checkpoint signed by a key the auditor does not trust', async () => {
    const log = new FixtureLog();
    log.steps(IN, 2);
    log.treeHead(newKey());
    const report = await verify(log);
    expect(report.breaks.map((b) => b.kind)).toEqual(['no_trusted_checkpoint', 'checkpoint_unknown_key']);
  });

  it('refuses a signature by the trusted key over other content, and a note that says otherwise', async () => {
    const log = new FixtureLog();
    log.steps(IN, 2);
    log.treeHead(key, { edit: (data) => (data.note = data.note.replace(/\n2\n/, '\n3\n')) });
    const report = await verify(log);
    expect(report.breaks.map((b) => b.kind)).toContain('checkpoint_malformed');
    const other = new FixtureLog();
    other.steps(IN, 2);
    const sig = other.treeHead(key).data as { note: string };
    const swapped = new FixtureLog();
    swapped.steps(IN, 3);
    // A valid note for tree size 2, pasted onto a checkpoint of size 3: the stored fields disagree.
    swapped.treeHead(key, { edit: (data) => (data.note = sig.note) });
    expect((await verify(swapped)).breaks.map((b) => b.kind)).toContain('checkpoint_malformed');
  });

  it('refuses events appended after the last checkpoint (an unsigned tail), but not the checkpoint itself', async () => {
    const log = signedLog();
    log.steps(SG, 2);
    const report = await verify(log);
    expect(report.breaks).toEqual([
      expect.objectContaining({ kind: 'unsigned_tail', stream: SG, revision: 2, position: 11, actual: 2 }),
    ]);
  });

  describe('two different logs signed by the same key (a fork)', () => {
    /** The honest log's first tree head, then a tree head over a rewritten log, by the same key. */
    function fork() {
      const honest = new FixtureLog();
      honest.steps(IN, 4);
      const first = honest.treeHead(key);
      const rewritten = new FixtureLog();
      rewritten.append(IN, 'BatchCopied', { batchId: 'b0', users: 1000 });
      rewritten.steps(IN, 5);
      const second = rewritten.treeHead(key, { sequence: 2 });
      return { honest, rewritten, first, second };
    }

    it('is refused when the second tree head does not extend the first (consistency proof)', async () => {
      const { rewritten, first, second } = fork();
      const report = await verify(rewritten, {
        auditStream: [first, { ...second, revision: 1n }],
        proofs: new Map([['4:6', rewritten.tree.consistencyProof(4, 6)]]),
      });
      expect(report.ok).toBe(false);
      expect(report.breaks.find((b) => b.kind === 'checkpoint_inconsistent')).toMatchObject({
        stream: AUDIT_STREAM,
        revision: 1,
      });
    });

    it('is refused through the signed root alone when no proof comes with it', async () => {
      const { rewritten, first } = fork();
      const events = [...rewritten.events.slice(0, 4), { ...first, position: 5n }];
      const report = await verify(rewritten, { log: events, auditStream: [first] });
      expect(report.firstBreak).toMatchObject({ kind: 'checkpoint_root_mismatch', position: 4 });
    });
  });

  it('still verifies a log whose older checkpoints signed stream heads (schema 1)', async () => {
    const log = new FixtureLog();
    log.steps(IN, 2);
    log.checkpoint(key);
    log.steps(SG, 2);
    log.treeHead(key);
    expect(await verify(log)).toMatchObject({ ok: true, checkpoints: { count: 2, valid: 2 } });
    // ...and the schema-1 checkpoint alone covers the events up to its position.
    const older = new FixtureLog();
    older.steps(IN, 2);
    older.checkpoint(key);
    expect(await verify(older)).toMatchObject({ ok: true });
  });
});
