import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import {
  addSignatures,
  checkpointText,
  noteKeyHash,
  NoteFormatError,
  noteVerifierKey,
  parseCheckpointText,
  parseSignedNote,
  rawEd25519PublicKey,
  signNote,
  verifyNote,
} from './signed-note';

/** An Ed25519 public key as SPKI PEM, from its 32 raw bytes. */
function pemOfRawKey(raw: Buffer): string {
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
  return createPublicKey({ key: der, format: 'der', type: 'spki' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}
/** An Ed25519 private key from its 32-byte seed (PKCS#8 DER). */
function privateKeyOfSeed(seed: Buffer): KeyObject {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}
/** The raw public key in a Go verifier key `<name>+<hash>+<base64(0x01 ‖ key)>`. */
const rawOfVkey = (vkey: string) => Buffer.from(vkey.split('+').slice(2).join('+'), 'base64').subarray(1);

// golang.org/x/mod/sumdb/note's package documentation (note.go) and example_test.go, as Debian's
// golang-golang-x-mod-dev 0.7.0 ships them: the signer key, verifier key and signed message of its example.
const GO = {
  skey: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  vkey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  signature:
    '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
  cosignature:
    '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n',
};
const GO_PEM = pemOfRawKey(rawOfVkey(GO.vkey));
const GO_NOTE = `${GO.text}\n${GO.signature}`;

// c2sp.org/signed-note's example: a verifier key and the note it verifies.
const C2SP = {
  vkey: 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k',
  note: 'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n',
};

function newKey(name = 'tracker.example/audit') {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { name, privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
const root = createHash('sha256').update('root').digest();

describe('signed notes (c2sp.org/signed-note, Ed25519)', () => {
  describe('key IDs and verifier keys', () => {
    it('hashes name, newline, the Ed25519 type byte and the public key, and keeps 4 bytes', () => {
      const raw = Buffer.alloc(32, 9);
      const expected = createHash('sha256')
        .update(Buffer.concat([Buffer.from('a.example/log'), Buffer.from([0x0a, 0x01]), raw]))
        .digest()
        .subarray(0, 4);
      expect(noteKeyHash('a.example/log', raw)).toEqual(expected);
    });

    it('writes the verifier keys of Go’s and C2SP’s examples from their public keys', () => {
      expect(noteKeyHash('PeterNeumann', rawOfVkey(GO.vkey)).toString('hex')).toBe('c74f20a3');
      expect(noteVerifierKey('PeterNeumann', GO_PEM)).toBe(GO.vkey);
      expect(noteVerifierKey('example.com/foo', pemOfRawKey(rawOfVkey(C2SP.vkey)))).toBe(C2SP.vkey);
    });

    it('takes the raw key from a PEM and refuses a key that is not Ed25519', () => {
      expect(rawEd25519PublicKey(GO_PEM)).toEqual(rawOfVkey(GO.vkey));
      const rsa = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
        type: 'spki',
        format: 'pem',
      });
      expect(() => rawEd25519PublicKey(rsa.toString())).toThrow(RangeError);
    });
  });

  describe('Go’s example note', () => {
    it('verifies with the example’s verifier key', () => {
      expect(verifyNote(GO_NOTE, [{ name: 'PeterNeumann', publicKeyPem: GO_PEM }])).toEqual({
        text: GO.text,
        verifiedBy: ['PeterNeumann'],
      });
    });

    it('is what we sign with the example’s private key, byte for byte', () => {
      const seed = Buffer.from(GO.skey.split('+').slice(4).join('+'), 'base64').subarray(1);
      expect(signNote(GO.text, 'PeterNeumann', privateKeyOfSeed(seed), GO_PEM)).toBe(GO_NOTE);
    });

    it('still verifies once cosigned by a key we do not know', () => {
      const cosigned = GO_NOTE + GO.cosignature;
      expect(parseSignedNote(cosigned).signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
      expect(verifyNote(cosigned, [{ name: 'PeterNeumann', publicKeyPem: GO_PEM }]).verifiedBy).toEqual([
        'PeterNeumann',
      ]);
    });

    it('verifies C2SP’s example too', () => {
      const key = { name: 'example.com/foo', publicKeyPem: pemOfRawKey(rawOfVkey(C2SP.vkey)) };
      expect(verifyNote(C2SP.note, [key])).toEqual({
        text: 'This is an example message.\n',
        verifiedBy: ['example.com/foo'],
      });
    });
  });

  describe('a note we signed', () => {
    const key = newKey();
    const text = 'line one\n\nafter a blank line\n';
    const note = signNote(text, key.name, key.privateKey, key.publicKeyPem);

    it('reads back as its text and one signature by the key, the last blank line separating them', () => {
      const parsed = parseSignedNote(note);
      expect(parsed.text).toBe(text);
      expect(parsed.signatures).toHaveLength(1);
      expect(parsed.signatures[0]).toMatchObject({
        name: key.name,
        keyHash: noteKeyHash(key.name, rawEd25519PublicKey(key.publicKeyPem)),
      });
      expect(parsed.signatures[0].signature).toHaveLength(64);
      expect(`${parsed.signatures[0].line}\n`).toBe(note.slice(text.length + 1));
      expect(verifyNote(note, [key])).toEqual({ text, verifiedBy: [key.name] });
    });

    it('counts no signature once its text changes', () => {
      expect(verifyNote(note.replace('line one', 'line 1'), [key]).verifiedBy).toEqual([]);
    });

    it('counts a signature only for the key of that name and key ID', () => {
      const other = newKey();
      expect(verifyNote(note, [other]).verifiedBy).toEqual([]);
      expect(verifyNote(note, [{ ...key, name: 'other.example/log' }]).verifiedBy).toEqual([]);
      expect(verifyNote(note, [other, key]).verifiedBy).toEqual([key.name]);
    });

    it('does not count a signature whose key ID matches but whose bytes were changed', () => {
      const [line] = parseSignedNote(note).signatures.map((s) => s.line);
      const bytes = Buffer.from(line.split(' ')[2], 'base64');
      bytes[10] ^= 1;
      const forged = `${text}\n— ${key.name} ${bytes.toString('base64')}\n`;
      expect(verifyNote(forged, [key]).verifiedBy).toEqual([]);
    });

    it('does not count a valid signature under another key ID: that is another key’s signature', () => {
      const [signature] = parseSignedNote(note).signatures;
      const otherId = Buffer.from(signature.keyHash.map((b) => b ^ 0xff));
      const relabelled = `${text}\n— ${key.name} ${Buffer.concat([otherId, signature.signature]).toString('base64')}\n`;
      expect(verifyNote(relabelled, [key]).verifiedBy).toEqual([]);
    });

    it('ignores signatures of unknown keys whatever their payload (cosignatures, other algorithms)', () => {
      const cosignature = `— witness.example/w1 ${Buffer.alloc(4 + 8 + 64, 3).toString('base64')}`;
      const tiny = `— ${key.name} ${Buffer.alloc(5, 1).toString('base64')}`;
      expect(verifyNote(addSignatures(note, [cosignature, tiny]), [key]).verifiedBy).toEqual([key.name]);
    });

    it('takes cosignatures, once each', () => {
      const witness = newKey('witness.example/w1');
      const cosigned = signNote(text, witness.name, witness.privateKey, witness.publicKeyPem);
      const line = parseSignedNote(cosigned).signatures[0].line;
      const both = addSignatures(addSignatures(note, [line]), [line, `${line}\n`]);
      expect(parseSignedNote(both).signatures).toHaveLength(2);
      expect(verifyNote(both, [key, witness]).verifiedBy).toEqual([key.name, witness.name]);
      expect(() => addSignatures(note, ['witness.example/w1 AAAAAAA='])).toThrow(NoteFormatError);
    });

    it('refuses to sign a text without a final newline, under an invalid name, or with another key', () => {
      const other = newKey();
      expect(() => signNote('no newline', key.name, key.privateKey, key.publicKeyPem)).toThrow(
        NoteFormatError,
      );
      for (const name of ['', 'a b', 'a+b', 'tab\there', 'nbsp\u00a0here', 'nel\u0085here']) {
        expect(() => signNote(text, name, key.privateKey, key.publicKeyPem)).toThrow(NoteFormatError);
      }
      expect(() => signNote('carriage\r\n', key.name, key.privateKey, key.publicKeyPem)).toThrow(
        NoteFormatError,
      );
      expect(() => signNote(text, key.name, key.privateKey, other.publicKeyPem)).toThrow(RangeError);
    });
  });

  describe('a malformed note', () => {
    const sig = GO.signature.slice(0, -1);
    const refused: [string, string][] = [
      ['no blank line before the signatures', `${GO.text}${sig}\n`],
      ['no final newline', `${GO.text}\n${sig}`],
      ['no signature', `${GO.text}\n`],
      ['a carriage return', `${GO.text.replace('\n', '\r\n')}\n${sig}\n`],
      ['a control character', `${GO.text}\u0007\n\n${sig}\n`],
      ['a lone surrogate', `${GO.text}\ud800\n\n${sig}\n`],
      ['a line not starting with an em dash', `${GO.text}\n- PeterNeumann ${sig.split(' ')[2]}\n`],
      ['a signature line with a blank line inside the block', `${GO.text}\n${sig}\n\n`],
      ['a name with a plus', `${GO.text}\n— Peter+Neumann ${sig.split(' ')[2]}\n`],
      ['no signature after the name', `${GO.text}\n— PeterNeumann\n`],
      ['base64 without padding', `${GO.text}\n${sig.replace(/=$/, '')}\n`],
      ['base64 with a space', `${GO.text}\n${sig.replace('x08go', 'x08 go')}\n`],
      ['a signature of fewer than 5 bytes', `${GO.text}\n— PeterNeumann AAAAAA==\n`],
      // RFC 4648 §3.5: pad bits are zero. Go's decoder lets them through; a signature has one spelling here.
      ['base64 with non-zero pad bits', `${GO.text}\n${sig.replace('nAM=', 'nAN=')}\n`],
      ['more than 100 signatures', `${GO.text}\n${`${sig}\n`.repeat(101)}`],
    ];

    it.each(refused)('is refused for %s', (_, note) => {
      expect(() => parseSignedNote(note)).toThrow(NoteFormatError);
      expect(() => verifyNote(note, [{ name: 'PeterNeumann', publicKeyPem: GO_PEM }])).toThrow(
        NoteFormatError,
      );
    });

    it('is accepted with 100 signatures', () => {
      expect(parseSignedNote(`${GO.text}\n${`${sig}\n`.repeat(100)}`).signatures).toHaveLength(100);
    });
  });
});

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  it('writes origin, size and base64 root, one per line', () => {
    expect(checkpointText({ origin: 'tracker.example/audit', treeSize: 20852163, rootHash: root })).toBe(
      `tracker.example/audit\n20852163\n${root.toString('base64')}\n`,
    );
  });

  it('reads back what it wrote, and extension lines', () => {
    const text = checkpointText({ origin: 'o', treeSize: 0, rootHash: root });
    expect(parseCheckpointText(text)).toEqual({ origin: 'o', treeSize: 0, rootHash: root, extensions: [] });
    expect(parseCheckpointText(`${text}ext one\next two\n`).extensions).toEqual(['ext one', 'ext two']);
  });

  it('reads the checkpoint of C2SP’s example', () => {
    const text = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    expect(parseCheckpointText(text)).toMatchObject({
      origin: 'example.com/behind-the-sofa',
      treeSize: 20852163,
    });
  });

  const b64 = root.toString('base64');
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  it.each([
    ['no final newline', `o\n1\n${b64}`],
    ['an empty origin', `\n1\n${b64}\n`],
    ['two lines', `o\n1\n`],
    ['a size with a leading zero', `o\n01\n${b64}\n`],
    ['a negative size', `o\n-1\n${b64}\n`],
    ['a size with a space', `o\n 1\n${b64}\n`],
    ['a size in exponent form', `o\n1e3\n${b64}\n`],
    ['a size past 2^53', `o\n9007199254740993\n${b64}\n`],
    ['a root of 31 bytes', `o\n1\n${root.subarray(1).toString('base64')}\n`],
    ['a root in URL-safe base64', `o\n1\n${root.toString('base64url')}\n`],
    ['a root without padding', `o\n1\n${b64.replace(/=+$/, '')}\n`],
    ['a root with non-zero pad bits', `o\n1\n${b64.slice(0, 42)}${B64[B64.indexOf(b64[42]) ^ 1]}=\n`],
    ['an empty extension line', `o\n1\n${b64}\n\n`],
    ['a carriage return', `o\r\n1\n${b64}\n`],
  ])('refuses a checkpoint with %s', (_, text) => {
    expect(() => parseCheckpointText(text)).toThrow(NoteFormatError);
  });

  it('refuses to write a checkpoint that could not be read back', () => {
    expect(() => checkpointText({ origin: '', treeSize: 1, rootHash: root })).toThrow(NoteFormatError);
    expect(() => checkpointText({ origin: 'a\nb', treeSize: 1, rootHash: root })).toThrow(NoteFormatError);
    expect(() => checkpointText({ origin: 'o', treeSize: -1, rootHash: root })).toThrow(NoteFormatError);
    expect(() => checkpointText({ origin: 'o', treeSize: 1, rootHash: root.subarray(1) })).toThrow(
      NoteFormatError,
    );
  });
});
