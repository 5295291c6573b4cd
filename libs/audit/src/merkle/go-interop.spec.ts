import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  addSignatures,
  checkpointText,
  NoteFormatError,
  noteVerifierKey,
  parseSignedNote,
  rawEd25519PublicKey,
  signNote,
  verifyNote,
} from '../checkpoint/signed-note';
import { leafHash } from './merkle-hash';
import { MemoryMerkleTree } from './memory-merkle-tree';

/**
 * Differential tests against Go's reference code for the Go checksum database: golang.org/x/mod/sumdb/tlog
 * (RFC 6962 trees and proofs) and sumdb/note (signed notes), from Debian's golang-golang-x-mod-dev. The
 * small program in test/support/go-tlog answers JSON requests with them.
 */
const APT_PACKAGES = 'golang-go golang-golang-x-mod-dev';
const GOPATH = '/usr/share/gocode';
const REPO = resolve(__dirname, '../../../..');
const haveGo =
  spawnSync('go', ['version']).status === 0 && existsSync(join(GOPATH, 'src/golang.org/x/mod/sumdb/note'));
if (!haveGo) {
  console.warn(
    `SKIPPED: the Go interop suite (libs/audit/src/merkle/go-interop.spec.ts) needs Go and golang.org/x/mod ` +
      `under ${GOPATH}: apt-get install ${APT_PACKAGES}`,
  );
}
const describeWithGo = haveGo ? describe : describe.skip;

const b64 = (hashes: Buffer[]) => hashes.map((h) => h.toString('base64'));
const flip = (hash: Buffer) => Buffer.from(hash.map((b, i) => (i === 5 ? b ^ 0x20 : b)));

const DATA = Array.from({ length: 300 }, (_, i) => Buffer.from(`event ${i}`));
const tree = new MemoryMerkleTree();
DATA.forEach((d) => tree.append(leafHash(d)));
const PAIRS: [number, number][] = [];
for (let n = 1; n <= 40; n++) for (let m = 0; m < n; m++) PAIRS.push([m, n]);
for (let k = 0; k < 400; k++) {
  const n = 41 + ((k * 7919) % 260);
  PAIRS.push([(k * 104_729) % n, n]);
}

describeWithGo('interop with Go’s golang.org/x/mod/sumdb (tlog, note)', () => {
  let dir: string;
  let binary: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'go-tlog-'));
    binary = join(dir, 'go-tlog');
    const env: NodeJS.ProcessEnv = { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '' };
    // Go caches builds under $HOME; CI may have no HOME.
    if (!env.GOCACHE && !env.HOME) env.GOCACHE = join(tmpdir(), 'go-build-cache');
    const build = spawnSync('go', ['build', '-o', binary, './test/support/go-tlog'], {
      cwd: REPO,
      env,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`go build failed:\n${build.stderr}`);
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Sends the requests to the Go program, one JSON line each, and returns its answers in order. */
  function ask(requests: object[]): any[] {
    const run = spawnSync(binary, [], {
      input: requests.map((r) => JSON.stringify(r)).join('\n') + '\n',
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`go-tlog failed:\n${run.stderr}`);
    const answers = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(answers).toHaveLength(requests.length);
    return answers;
  }

  const inclusion = (
    index: number,
    size: number,
    proof = tree.inclusionProof(index, size),
    leaf = tree.node(0, index),
  ) => ({
    kind: 'inclusion',
    leafHash: leaf.toString('base64'),
    index,
    size,
    proof: b64(proof),
    root: tree.rootAt(size).toString('base64'),
  });
  const consistency = (
    from: number,
    to: number,
    proof = tree.consistencyProof(from, to),
    fromRoot = tree.rootAt(from),
  ) => ({
    kind: 'consistency',
    from,
    to,
    proof: b64(proof),
    fromRoot: fromRoot.toString('base64'),
    toRoot: tree.rootAt(to).toString('base64'),
  });

  describe('Merkle trees (tlog)', () => {
    it('builds the same roots, inclusion proofs and consistency proofs from the same leaves', () => {
      const consistencies = PAIRS.map(([m, n]) => [m + 1, n]);
      const [answer] = ask([{ kind: 'tree', leaves: b64(DATA), inclusions: PAIRS, consistencies }]);
      expect(answer.ok).toBe(true);
      expect(answer.roots).toEqual(DATA.map((_, i) => tree.rootAt(i + 1).toString('base64')));
      expect(answer.inclusions).toEqual(PAIRS.map(([m, n]) => b64(tree.inclusionProof(m, n))));
      expect(answer.consistencies).toEqual(consistencies.map(([m, n]) => b64(tree.consistencyProof(m, n))));
    });

    it('accepts our inclusion proofs (tlog.CheckRecord)', () => {
      const answers = ask(PAIRS.map(([m, n]) => inclusion(m, n)));
      expect(answers.filter((a) => !a.ok)).toEqual([]);
    });

    it('refuses them tampered: a flipped bit, another leaf or index, a hash missing or added', () => {
      const tampered = PAIRS.filter(([, n]) => n > 1).flatMap(([m, n]) => {
        const proof = tree.inclusionProof(m, n);
        return [
          inclusion(m, n, [flip(proof[0]), ...proof.slice(1)]),
          inclusion(m, n, proof, tree.node(0, (m + 1) % n)),
          inclusion((m + 1) % n, n, proof),
          inclusion(m, n, proof.slice(0, -1)),
          inclusion(m, n, [...proof, proof[0]]),
        ];
      });
      expect(ask(tampered).filter((a) => a.ok)).toEqual([]);
    });

    it('accepts our consistency proofs (tlog.CheckTree)', () => {
      const answers = ask(PAIRS.map(([m, n]) => consistency(m + 1, n)));
      expect(answers.filter((a) => !a.ok)).toEqual([]);
    });

    it('refuses them tampered: a flipped bit, another old root, a hash missing or added', () => {
      const tampered = PAIRS.filter(([m, n]) => m + 1 < n).flatMap(([m, n]) => {
        const proof = tree.consistencyProof(m + 1, n);
        return [
          consistency(m + 1, n, [...proof.slice(0, -1), flip(proof[proof.length - 1])]),
          consistency(m + 1, n, proof, flip(tree.rootAt(m + 1))),
          consistency(m + 1, n, proof.slice(1)),
          consistency(m + 1, n, [...proof, proof[0]]),
        ];
      });
      expect(ask(tampered).filter((a) => a.ok)).toEqual([]);
    });
  });

  describe('signed notes (note)', () => {
    const origin = 'tracker.example/audit';
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const checkpoint = checkpointText({ origin, treeSize: 300, rootHash: tree.root() });
    const note = signNote(checkpoint, origin, privateKey, publicKeyPem);

    it('writes the verifier key Go writes for the same public key', () => {
      const [answer] = ask([
        { kind: 'vkey', name: origin, publicKey: rawEd25519PublicKey(publicKeyPem).toString('base64') },
      ]);
      expect(answer.verifierKey).toBe(noteVerifierKey(origin, publicKeyPem));
    });

    it('has our signed checkpoint opened by note.Open with our verifier key, and refused once changed', () => {
      const vkey = noteVerifierKey(origin, publicKeyPem);
      const witness = generateKeyPairSync('ed25519');
      const witnessPem = witness.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const cosigned = addSignatures(note, [
        parseSignedNote(signNote(checkpoint, 'witness.example', witness.privateKey, witnessPem)).signatures[0]
          .line,
      ]);
      const [opened, openedCosigned, changed] = ask([
        { kind: 'note', note, verifierKeys: [vkey] },
        {
          kind: 'note',
          note: cosigned,
          verifierKeys: [vkey, noteVerifierKey('witness.example', witnessPem)],
        },
        { kind: 'note', note: note.replace('\n300\n', '\n301\n'), verifierKeys: [vkey] },
      ]);
      expect(opened).toMatchObject({ ok: true, text: checkpoint, verifiedBy: [origin] });
      expect(openedCosigned).toMatchObject({ ok: true, verifiedBy: [origin, 'witness.example'] });
      expect(changed).toMatchObject({ ok: false, error: expect.stringMatching(/invalid signature/) });
    });

    it('verifies a note Go signed with a key it generated', () => {
      const [signed] = ask([{ kind: 'sign', name: 'go.example/log', text: checkpoint }]);
      expect(signed.ok).toBe(true);
      const raw = Buffer.from(signed.verifierKey.split('+').slice(2).join('+'), 'base64').subarray(1);
      const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
      const pem = `-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n`;
      expect(noteVerifierKey('go.example/log', pem)).toBe(signed.verifierKey);
      expect(verifyNote(signed.note, [{ name: 'go.example/log', publicKeyPem: pem }])).toEqual({
        text: checkpoint,
        verifiedBy: ['go.example/log'],
      });
    });

    it('refuses the malformed notes Go refuses, and opens the odd ones it opens', () => {
      const vkey = noteVerifierKey(origin, publicKeyPem);
      const [line] = note.slice(checkpoint.length + 1, -1).split('\n');
      const payload = line.split(' ')[2];
      const malformed = [
        `${checkpoint}${line}\n`,
        `${checkpoint}\n${line}`,
        `${checkpoint}\n`,
        `${checkpoint.replace('\n', '\r\n')}\n${line}\n`,
        `${checkpoint}\n${line}\n\n`,
        `${checkpoint}\n- ${origin} ${payload}\n`,
        `${checkpoint}\n— a+b ${payload}\n`,
        `${checkpoint}\n— ${origin} ${payload.replace(/=$/, '')}\n`,
        `${checkpoint}\n— ${origin} AAAAAA==\n`,
        `${checkpoint}\n${`${line}\n`.repeat(101)}`,
      ];
      const blankLinesInText = signNote('one\n\ntwo\n\n', origin, privateKey, publicKeyPem);
      const answers = ask(
        [...malformed, blankLinesInText].map((n) => ({ kind: 'note', note: n, verifierKeys: [vkey] })),
      );
      for (const [i, n] of malformed.entries()) {
        expect({ i, go: answers[i].error }).toEqual({ i, go: 'malformed note' });
        expect(() => parseSignedNote(n)).toThrow(NoteFormatError);
      }
      expect(answers[malformed.length]).toMatchObject({ ok: true, text: 'one\n\ntwo\n\n' });
      expect(verifyNote(blankLinesInText, [{ name: origin, publicKeyPem }]).text).toBe('one\n\ntwo\n\n');
    });
  });
});
