import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys, and the tlog-checkpoint body they carry
 * (c2sp.org/tlog-checkpoint): the format Go's golang.org/x/mod/sumdb/note and other transparency-log tools
 * read, so a checkpoint can be checked by software we did not write.
 */

/** A note or checkpoint text that breaks the format: it must not be trusted, whatever its signatures. */
export class NoteFormatError extends Error {
  override readonly name = 'NoteFormatError';
}

export interface NoteSignature {
  name: string;
  /** The first 4 bytes of the signature: the signer's key ID. */
  keyHash: Buffer;
  /** The rest: for Ed25519, the 64-byte signature over the note text. */
  signature: Buffer;
  /** The whole signature line, without its newline. */
  line: string;
}

export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
}

const ED25519 = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';
// C2SP: verifiers must accept at least 16 signatures; Go's note.Open refuses more than 100.
const MAX_SIGNATURES = 100;
const CANONICAL_DECIMAL = /^(0|[1-9][0-9]*)$/;

/** SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]: the key ID of an Ed25519 note key. */
export function noteKeyHash(name: string, publicKey: Buffer): Buffer {
  if (publicKey.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes');
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** The 32 raw bytes of an Ed25519 public key given as SPKI PEM (they end its DER). */
export function rawEd25519PublicKey(publicKeyPem: string): Buffer {
  return rawOf(createPublicKey(publicKeyPem));
}

function rawOf(publicKey: KeyObject): Buffer {
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new RangeError('not an Ed25519 key');
  return publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
}

/** The verifier key text Go's note.NewVerifier reads: `<name>+<hex key ID>+<base64(0x01 ‖ key)>`. */
export function noteVerifierKey(name: string, publicKeyPem: string): string {
  assertKeyName(name);
  const publicKey = rawEd25519PublicKey(publicKeyPem);
  const encoded = Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64');
  return `${name}+${noteKeyHash(name, publicKey).toString('hex')}+${encoded}`;
}

/** The tlog-checkpoint body: origin, tree size, base64 root hash, one per line. */
export function checkpointText(c: Checkpoint): string {
  assertNoteCharacters(c.origin);
  if (c.origin === '' || c.origin.includes('\n')) {
    throw new NoteFormatError('a checkpoint origin is one line');
  }
  if (!Number.isSafeInteger(c.treeSize) || c.treeSize < 0) {
    throw new NoteFormatError(`a tree size is a non-negative integer, not ${c.treeSize}`);
  }
  if (c.rootHash.length !== 32) throw new NoteFormatError('a root hash is 32 bytes');
  return `${c.origin}\n${c.treeSize}\n${c.rootHash.toString('base64')}\n`;
}

export function parseCheckpointText(text: string): Checkpoint & { extensions: string[] } {
  assertNoteCharacters(text);
  if (!text.endsWith('\n')) throw new NoteFormatError('a checkpoint ends with a newline');
  const [origin, size, root, ...extensions] = text.slice(0, -1).split('\n');
  if (root === undefined) throw new NoteFormatError('a checkpoint has at least three lines');
  if (origin === '') throw new NoteFormatError('a checkpoint origin is not empty');
  if (!CANONICAL_DECIMAL.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new NoteFormatError(`tree size ${JSON.stringify(size)} is not a canonical decimal`);
  }
  const rootHash = decodeBase64(root);
  if (rootHash?.length !== 32) throw new NoteFormatError('the root hash is not 32 bytes of standard base64');
  if (extensions.includes('')) throw new NoteFormatError('checkpoint extension lines are not empty');
  return { origin, treeSize: Number(size), rootHash, extensions };
}

/** Signs `text` (ending in a newline) with an Ed25519 key under key name `name`. */
export function signNote(text: string, name: string, privateKey: KeyObject, publicKeyPem: string): string {
  assertNoteCharacters(text);
  if (!text.endsWith('\n')) throw new NoteFormatError('a note text ends with a newline');
  assertKeyName(name);
  const publicKey = rawEd25519PublicKey(publicKeyPem);
  // The key ID is computed from the public key: a mismatched pair would sign under another key's ID.
  if (!rawOf(createPublicKey(privateKey)).equals(publicKey)) {
    throw new RangeError('the private key does not belong to the public key given');
  }
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
  const payload = Buffer.concat([noteKeyHash(name, publicKey), signature]).toString('base64');
  return `${text}\n${SIGNATURE_PREFIX}${name} ${payload}\n`;
}

/** Appends signature lines (cosignatures) to a signed note; lines already in it are not repeated. */
export function addSignatures(note: string, lines: string[]): string {
  const present = new Set(parseSignedNote(note).signatures.map((s) => s.line));
  const added = lines.map((line) => line.replace(/\n$/, '')).filter((line) => !present.has(line));
  for (const line of added) parseSignatureLine(line);
  const result = note + added.map((line) => `${line}\n`).join('');
  parseSignedNote(result);
  return result;
}

/** Splits a signed note into its text and signature lines, checking the format strictly. */
export function parseSignedNote(note: string): { text: string; signatures: NoteSignature[] } {
  assertNoteCharacters(note);
  // The text may hold blank lines itself: the last one separates it from the signatures.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteFormatError('a signed note has a blank line before its signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) throw new NoteFormatError('signature lines end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteFormatError(`more than ${MAX_SIGNATURES} signatures`);
  return { text, signatures: lines.map(parseSignatureLine) };
}

/**
 * Opens a signed note with the keys given: a signature counts when its key name and key ID match one of
 * them and it verifies over the text. Signatures by other keys are ignored (a note may carry cosignatures
 * or a rotated key's); `verifiedBy` is empty when none verified, and the caller decides what that means.
 */
export function verifyNote(
  note: string,
  keys: { name: string; publicKeyPem: string }[],
): { text: string; verifiedBy: string[] } {
  const { text, signatures } = parseSignedNote(note);
  const known = keys.map((key) => {
    const publicKey = createPublicKey(key.publicKeyPem);
    return { name: key.name, publicKey, keyHash: noteKeyHash(key.name, rawOf(publicKey)) };
  });
  const bytes = Buffer.from(text, 'utf8');
  const verifiedBy = new Set<string>();
  for (const signature of signatures) {
    for (const key of known) {
      if (key.name !== signature.name || !key.keyHash.equals(signature.keyHash)) continue;
      if (signature.signature.length === 64 && verify(null, bytes, key.publicKey, signature.signature)) {
        verifiedBy.add(key.name);
      }
    }
  }
  return { text, verifiedBy: [...verifiedBy] };
}

function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw new NoteFormatError('a signature line starts with "— "');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const bytes = space < 0 ? undefined : decodeBase64(rest.slice(space + 1));
  if (!isKeyName(name)) {
    throw new NoteFormatError(`invalid key name in signature line ${JSON.stringify(line)}`);
  }
  if (!bytes || bytes.length < 5)
    throw new NoteFormatError(`invalid signature in line ${JSON.stringify(line)}`);
  return { name, keyHash: bytes.subarray(0, 4), signature: bytes.subarray(4), line };
}

/** Standard base64 with padding, canonical (it re-encodes to itself); undefined otherwise. */
function decodeBase64(text: string): Buffer | undefined {
  if (text === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** Key names: non-empty, no Unicode space (as Go's unicode.IsSpace), no plus. */
function isKeyName(name: string): boolean {
  return name !== '' && !/[\p{White_Space}+]/u.test(name) && isWellFormed(name);
}

function assertKeyName(name: string): void {
  if (!isKeyName(name)) throw new NoteFormatError(`invalid key name ${JSON.stringify(name)}`);
}

/** Valid UTF-8 (no lone surrogate) and no ASCII control character other than newline. */
function assertNoteCharacters(text: string): void {
  if (!isWellFormed(text)) throw new NoteFormatError('a note is valid UTF-8');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) {
      throw new NoteFormatError('a note holds no control character but newline');
    }
  }
}

function isWellFormed(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}
