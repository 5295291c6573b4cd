import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AUDIT_STREAM,
  computeEventHash,
  eventFilesOf,
  extractTar,
  KEYS_FILE,
  leafDataOf,
  leafHash,
  MANIFEST_FILE,
  parseEventLine,
  verifyBundle,
  verifyConsistency,
  verifyInclusion,
  writeBundle,
  type BundleEvent,
  type BundleManifest,
  type PublicKeyEntry,
} from '@app/audit';
import { runCli } from './support/cli-process';
import { driveScenario } from './support/drive-scenario';
import { referenceSteps } from './support/reference-scenario';
import { TestClock } from './support/test-clock';
import { KEYS, TestServer } from './support/test-server';

// An implementation of RFC 9162 inclusion proofs that this project did not write (sigstore's).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sigstore = require('@sigstore/verify/dist/tlog/merkle') as {
  verifyMerkleInclusion: (
    entry: { canonicalizedBody: Buffer; inclusionProof: { logIndex: string; hashes: Buffer[] } },
    checkpoint: { logSize: bigint; logHash: Buffer },
  ) => void;
};

/** Only the checkpoints the tests ask for: no periodic one in between. */
const ENV = { CHECKPOINT_EVERY_MINUTES: '5256000', CHECKPOINT_EVERY_EVENTS: '10000000' };
const ROOT = join(__dirname, '..');

describe('the transparency log', () => {
  let server: TestServer;
  let first: any;
  let second: any;
  let publicKey: PublicKeyEntry;
  /** The log's positions in order: `at(n)` is the n-th event's (1-based). Positions are opaque, not counts. */
  let positions: number[];
  const at = (n: number) => positions[n - 1];
  const work = mkdtempSync(join(tmpdir(), 'tracker-tlog-'));

  beforeAll(async () => {
    const clock = new TestClock('2014-01-15T00:00:00Z');
    server = await TestServer.start({ clock: clock.now, env: ENV });
    const steps = referenceSteps().slice(0, 60);
    await driveScenario(server, clock, steps.slice(0, 30));
    first = (await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).body;
    await driveScenario(server, clock, steps.slice(30));
    second = (await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).body;
    positions = (await server.get('/events?limit=1000')).body.events.map((event: any) => event.position);
    const key = (await server.get('/audit/public-key', { key: null })).body;
    publicKey = { keyId: key.keyId, publicKeyPem: key.publicKeyPem };
    writeFileSync(join(work, 'pinned.json'), JSON.stringify([publicKey]));
    writeFileSync(join(work, 'pinned.pem'), publicKey.publicKeyPem);
  });

  afterAll(() => server.stop());

  describe('checkpoints', () => {
    it('sign the tree head as a C2SP signed note whose size does not depend on the number of streams', async () => {
      expect(first).toMatchObject({ sequence: 1, treeSize: 30, position: at(30), reason: 'on_demand' });
      expect(second).toMatchObject({ sequence: 2, treeSize: 61, keyId: publicKey.keyId });
      const [origin, size, root, blank, signature] = second.note.split('\n');
      expect([origin, size, blank]).toEqual(['migration-tracker/audit-log', '61', '']);
      expect(Buffer.from(root, 'base64').toString('hex')).toBe(second.rootHash);
      expect(signature).toMatch(/^— migration-tracker\/audit-log [A-Za-z0-9+/]{91}[A-Za-z0-9+/=]$/);
      expect(Buffer.from(signature.split(' ')[2], 'base64')).toHaveLength(68);
      expect(JSON.stringify(second).length).toBeLessThan(1024);
    });

    it('are listed newest first and the latest is served on its own; nothing new returns the latest', async () => {
      const latest = await server.get('/audit/checkpoints/latest');
      expect(latest.body).toEqual(second);
      const list = await server.get('/audit/checkpoints?limit=5');
      expect(list.body.checkpoints.map((c: any) => c.sequence)).toEqual([2, 1]);
      expect((await server.get('/audit/checkpoints?before=2')).body.checkpoints).toEqual([first]);
      const again = await server.post('/audit/checkpoints', undefined, { key: 'auditor' });
      expect(again.body).toEqual(second);
      expect(await server.get('/audit/checkpoints/latest', { key: 'viewer' })).toMatchObject({ status: 403 });
    });
  });

  describe('proofs', () => {
    it('prove any event in the latest tree, checkable by our code and by sigstore’s', async () => {
      const root = Buffer.from(second.rootHash, 'hex');
      for (const n of [1, 2, 17, 30, 31, 45, 61]) {
        const position = at(n);
        const { status, body } = await server.get(`/audit/proofs/inclusion?position=${position}`);
        expect(status).toBe(200);
        expect(body).toMatchObject({
          leafIndex: n - 1,
          treeSize: 61,
          position,
          rootHash: second.rootHash,
        });
        const hashes = body.hashes.map((h: string) => Buffer.from(h, 'hex'));
        const leafData = leafDataOf(body.event.hash);
        expect(verifyInclusion(leafHash(leafData), body.leafIndex, 61, hashes, root)).toBe(true);
        expect(() =>
          sigstore.verifyMerkleInclusion(
            { canonicalizedBody: leafData, inclusionProof: { logIndex: String(body.leafIndex), hashes } },
            { logSize: 61n, logHash: root },
          ),
        ).not.toThrow();
        // The event's bytes hash to the leaf's data: the proof is about this very event.
        expect(computeEventHash({ ...JSON.parse(body.event.canonical) })).toBe(body.event.hash);
        // One flipped bit in the path is refused by both.
        hashes[0] = Buffer.from(hashes[0]);
        hashes[0][0] ^= 1;
        expect(verifyInclusion(leafHash(leafData), body.leafIndex, 61, hashes, root)).toBe(false);
        expect(() =>
          sigstore.verifyMerkleInclusion(
            { canonicalizedBody: leafData, inclusionProof: { logIndex: String(body.leafIndex), hashes } },
            { logSize: 61n, logHash: root },
          ),
        ).toThrow();
      }
    });

    it('prove an event in an older signed tree, and that the newer tree extends it', async () => {
      const inclusion = (await server.get(`/audit/proofs/inclusion?position=${at(12)}&treeSize=30`)).body;
      expect(
        verifyInclusion(
          Buffer.from(inclusion.leafHash, 'hex'),
          11,
          30,
          inclusion.hashes.map((h: string) => Buffer.from(h, 'hex')),
          Buffer.from(first.rootHash, 'hex'),
        ),
      ).toBe(true);
      const { body } = await server.get('/audit/proofs/consistency?from=30&to=61');
      expect(body).toMatchObject({ from: 30, to: 61, fromRoot: first.rootHash, toRoot: second.rootHash });
      const proof = body.hashes.map((h: string) => Buffer.from(h, 'hex'));
      const roots = [Buffer.from(first.rootHash, 'hex'), Buffer.from(second.rootHash, 'hex')] as const;
      expect(verifyConsistency(30, 61, ...roots, proof)).toBe(true);
      expect(verifyConsistency(30, 61, roots[1], roots[0], proof)).toBe(false);
    });

    it('answer 400 for a tree nobody signed, an event not in the tree, and malformed sizes', async () => {
      const refused = [
        [`/audit/proofs/inclusion?position=${at(1)}&treeSize=62`, 'tree_size_not_signed'],
        [`/audit/proofs/inclusion?position=${at(40)}&treeSize=30`, 'not_in_tree'],
        ['/audit/proofs/inclusion?position=99999', 'not_in_tree'],
        ['/audit/proofs/inclusion?position=abc', 'validation_failed'],
        ['/audit/proofs/consistency?from=30&to=99', 'tree_size_not_signed'],
        ['/audit/proofs/consistency?from=40&to=30', 'validation_failed'],
        ['/audit/proofs/consistency?from=0&to=30', 'validation_failed'],
      ];
      for (const [path, error] of refused) {
        const answer = await server.get(path);
        expect([path, answer.status, answer.body.error]).toEqual([path, 400, error]);
      }
    });
  });

  describe('evidence bundles verified with a pinned key', () => {
    let bundleDir: string;
    let events: BundleEvent[];

    beforeAll(async () => {
      const answer = await server.download('/audit/bundle');
      writeFileSync(join(work, 'evidence.tar'), answer.bytes);
      bundleDir = join(work, 'evidence');
      extractTar(join(work, 'evidence.tar'), bundleDir);
      const manifest = JSON.parse(readFileSync(join(bundleDir, MANIFEST_FILE), 'utf8')) as BundleManifest;
      events = eventFilesOf(bundleDir, manifest)
        .map((file) => readFileSync(file, 'utf8'))
        .join('')
        .trimEnd()
        .split('\n')
        .map((line, index) => parseEventLine(line, index + 1));
    });

    /** A bundle rebuilt from `edited` events, manifest and proofs recomputed as a forger would. */
    async function rebuilt(name: string, edited: BundleEvent[]): Promise<string> {
      const dir = join(work, name);
      rmSync(dir, { recursive: true, force: true });
      const keys = JSON.parse(readFileSync(join(bundleDir, KEYS_FILE), 'utf8')) as PublicKeyEntry[];
      await writeBundle(dir, { events: edited, keys, createdAt: new Date() });
      return dir;
    }

    const npmVerify = (path: string, ...args: string[]) =>
      promisify(execFile)('npm', ['run', '--silent', 'verify-bundle', '--', path, ...args], { cwd: ROOT })
        .then(({ stdout }) => ({ code: 0, stdout }))
        .catch((error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }));
    const cliVerify = (path: string, ...args: string[]) =>
      runCli(['audit', 'verify-bundle', path, ...args], { TRACKER_KEY: KEYS.auditor });

    it('ends with the latest checkpoint and verifies with the pinned key; without one, it says so', async () => {
      expect(events.at(-1)).toMatchObject({ streamId: AUDIT_STREAM, type: 'CheckpointSigned' });
      const pinned = await verifyBundle(bundleDir, { trustedKeys: [publicKey] });
      expect(pinned).toMatchObject({ ok: true, verdict: 'verified', log: { covered: { treeSize: 61 } } });
      expect(await verifyBundle(bundleDir)).toMatchObject({ verdict: 'bundled_keys_only' });
      const npmPinned = await npmVerify(join(work, 'evidence.tar'), '--key', join(work, 'pinned.pem'));
      expect(npmPinned).toMatchObject({ code: 0, stdout: expect.stringContaining('VERIFIED:') });
      const npmUnpinned = await npmVerify(join(work, 'evidence.tar'));
      expect(npmUnpinned.code).toBe(3);
      expect(npmUnpinned.stdout).toContain('SIGNED BY KEYS FOUND IN THE BUNDLE ONLY');
      expect(npmUnpinned.stdout).not.toMatch(/^VERIFIED/m);
      const cli = await cliVerify(join(work, 'evidence.tar'), '--trusted-keys', join(work, 'pinned.json'));
      expect(cli).toMatchObject({ code: 0, stdout: expect.stringContaining(': VERIFIED') });
      expect((await cliVerify(join(work, 'evidence.tar'))).code).toBe(6);
    });

    it('refuses the forge: checkpoints deleted, one users count changed, chains recomputed', async () => {
      const forged = structuredClone(events).filter((e) => e.streamId !== AUDIT_STREAM);
      const target = forged.find((e) => e.type === 'BatchCopied')!;
      (target.data as { users: number }).users += 50_000;
      let prevHash: unknown;
      for (const event of forged) {
        if (event.streamId !== target.streamId || event.revision < target.revision) continue;
        if (event.revision > target.revision) event.metadata.prevHash = prevHash;
        event.hashedText = undefined;
        event.metadata.hash = computeEventHash(event);
        prevHash = event.metadata.hash;
      }
      const dir = await rebuilt('forged', forged);
      // Every chain checks out: only the signed tree could tell, and there is none.
      const report = await verifyBundle(dir, { trustedKeys: [publicKey] });
      expect(report).toMatchObject({ ok: false, verdict: 'failed', manifest: { ok: true } });
      expect(report.log?.breaks.map((b) => b.kind)).toEqual(['no_trusted_checkpoint']);
      const npm = await npmVerify(dir, '--key', join(work, 'pinned.pem'));
      expect(npm).toMatchObject({ code: 1, stdout: expect.stringContaining('no_trusted_checkpoint') });
      const cli = await cliVerify(dir, '--trusted-keys', join(work, 'pinned.json'));
      expect(cli.code).toBe(4);
      expect(cli.stdout).toContain('no_trusted_checkpoint');
      // With the forger's own key list in the bundle, it is still not verified.
      expect((await verifyBundle(dir)).verdict).toBe('failed');
    });

    it('refuses a tail of events appended after the last checkpoint', async () => {
      const extra = structuredClone(events.filter((e) => e.streamId === target()).at(-1)!);
      function target() {
        return events.find((e) => e.type === 'BatchVerified')!.streamId;
      }
      extra.position = events.at(-1)!.position + 1n;
      extra.revision += 1n;
      extra.metadata.prevHash = extra.metadata.hash;
      extra.hashedText = undefined;
      extra.metadata.hash = computeEventHash(extra);
      const dir = await rebuilt('tail', [...structuredClone(events), extra]);
      const report = await verifyBundle(dir, { trustedKeys: [publicKey] });
      expect(report.log?.breaks).toEqual([
        expect.objectContaining({ kind: 'unsigned_tail', position: Number(extra.position) }),
      ]);
    });

    it('refuses a bundle signed by a key the auditor does not trust', async () => {
      const stranger = generateKeyPairSync('ed25519')
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString();
      const report = await verifyBundle(bundleDir, {
        trustedKeys: [{ keyId: 'stranger', publicKeyPem: stranger }],
      });
      expect(report.verdict).toBe('failed');
      expect(report.log?.breaks.map((b) => b.kind)).toEqual([
        'no_trusted_checkpoint',
        'checkpoint_unknown_key',
        'checkpoint_unknown_key',
      ]);
    });
  });
});

describe('two replicas on one store, one signing key', () => {
  it('sign one chain of checkpoints between them, and verification is ok on both', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-replicas-'));
    const keyFile = join(dataDir, 'signing-key.pem');
    writeFileSync(
      keyFile,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      { mode: 0o600 },
    );
    const replica = (name: string) =>
      TestServer.start({
        dataDir,
        env: { ...ENV, AUDIT_SIGNING_KEY_FILE: keyFile, READ_MODEL_DIR: join(dataDir, name) },
      });
    const a = await replica('replica-a');
    const b = await replica('replica-b');
    try {
      const steps = referenceSteps().slice(0, 40);
      for (const [index, step] of steps.entries()) {
        const answer = await (index % 2 ? a : b).post(step.path, { ...step.body, occurredAt: step.at });
        expect(answer.status).toBe(201);
        // Both replicas ask for a checkpoint at once, every few steps.
        if (index % 8 === 7) {
          const signed = await Promise.all([
            a.post('/audit/checkpoints', undefined, { key: 'auditor' }),
            b.post('/audit/checkpoints', undefined, { key: 'auditor' }),
          ]);
          expect(signed.map((s) => s.status)).toEqual([201, 201]);
          // Whoever lost the race answers with the winner's checkpoint: one tree, one signature.
          expect(signed[0].body.treeSize).toBe(signed[1].body.treeSize);
          expect(signed[0].body.rootHash).toBe(signed[1].body.rootHash);
        }
      }
      const checkpoints = (await a.allEvents()).filter((e) => e.type === 'CheckpointSigned');
      expect(checkpoints.map((c) => c.data.sequence)).toEqual(checkpoints.map((_c, i) => i + 1));
      expect(new Set(checkpoints.map((c) => c.data.keyId)).size).toBe(1);
      for (const server of [a, b]) {
        const report = (await server.get('/audit/verify')).body;
        expect(report).toMatchObject({ ok: true, breaks: [] });
        expect(report.checkpoints.valid).toBe(report.checkpoints.count);
      }
      // A rotation through the API is refused: the key is configuration, the same on every replica.
      expect((await a.post('/audit/keys/rotate', undefined)).body.error).toBe('signing_key_configured');
    } finally {
      await a.stop({ keepData: true });
      await b.stop();
    }
  });
});
