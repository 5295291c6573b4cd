import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** Ed25519 (node:crypto): deterministic signatures, 64 bytes, no parameters to get wrong. */
export function signBytes(bytes: Buffer, privateKey: KeyObject | string): string {
  return sign(null, bytes, privateKey).toString('base64');
}

export function verifySignature(bytes: Buffer, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(null, bytes, publicKeyPem, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A key's id: the first 16 hex digits of SHA-256 over its SubjectPublicKeyInfo (DER). */
export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}
