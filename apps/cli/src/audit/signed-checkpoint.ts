import { readFileSync } from 'node:fs';
import { keyIdOf, parseCheckpointText, rawEd25519PublicKey, verifyNote } from '@app/audit';
import { CliError, EXIT } from '../client/exit-codes';

/** What a signed checkpoint note says, read from the note itself (never from the fields beside it). */
export interface OpenedCheckpoint {
  origin: string;
  treeSize: number;
  /** Hex. */
  rootHash: string;
  /** Key id (tracker style: SHA-256 of the SPKI, 16 hex digits) of the key whose signature verified. */
  keyId: string;
}

/**
 * Opens a C2SP signed checkpoint note with one Ed25519 public key: the note must parse as a tlog-checkpoint
 * and carry a valid signature by that key under the note's own origin as key name. Returns the problem
 * otherwise, in words.
 */
export function openCheckpointNote(
  note: string,
  publicKeyPem: string,
): { checkpoint: OpenedCheckpoint } | { problem: string } {
  let origin: string;
  let treeSize: number;
  let rootHash: string;
  try {
    const parsed = parseCheckpointText(verifyNote(note, []).text);
    ({ origin, treeSize } = parsed);
    rootHash = parsed.rootHash.toString('hex');
  } catch (error) {
    return { problem: `the checkpoint note cannot be read: ${(error as Error).message}` };
  }
  const keyId = keyIdOf(publicKeyPem);
  if (verifyNote(note, [{ name: origin, publicKeyPem }]).verifiedBy.length === 0) {
    return {
      problem: `the checkpoint note (log ${origin}, size ${treeSize}) carries no valid signature by key ${keyId} under the name ${origin}`,
    };
  }
  return { checkpoint: { origin, treeSize, rootHash, keyId } };
}

/**
 * Reads a public key to pin: a PEM file (SPKI, Ed25519), or the JSON answer of GET /audit/public-key saved
 * as it is (its `publicKeyPem` is used). A file that holds neither is a usage error.
 */
export function readPublicKeyFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the public key ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  let pem = text;
  if (text.trimStart().startsWith('{')) {
    try {
      pem = String((JSON.parse(text) as { publicKeyPem?: unknown }).publicKeyPem ?? '');
    } catch {
      pem = '';
    }
  }
  try {
    rawEd25519PublicKey(pem);
  } catch {
    throw new CliError(
      `${file} holds no Ed25519 public key in PEM (save publicKeyPem of GET /audit/public-key)`,
      EXIT.usage,
    );
  }
  return pem;
}

/** Whether `pem` is an Ed25519 public key in PEM. */
export function isEd25519PublicKey(pem: unknown): pem is string {
  if (typeof pem !== 'string') return false;
  try {
    rawEd25519PublicKey(pem);
    return true;
  } catch {
    return false;
  }
}
