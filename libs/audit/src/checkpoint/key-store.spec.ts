import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointSigningBytes, type CheckpointBody } from './checkpoint';
import { signBytes, verifySignature } from './checkpoint-signer';
import { FileKeyStore } from './key-store';

const body: CheckpointBody = {
  sequence: 1,
  globalPosition: 10,
  heads: { 'market-p-IN': { revision: 9, hash: 'a'.repeat(64) } },
  signedAt: '2014-07-01T00:00:00.000Z',
  keyId: 'k',
  reason: 'on_demand',
};

describe('file key store', () => {
  describe('on first use', () => {
    it('creates one Ed25519 key, private file 0600, and keeps using it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'keys-'));
      const store = new FileKeyStore(dir);
      const key = store.current();
      expect(statSync(join(dir, 'audit-keys', 'signing-key.pem')).mode & 0o777).toBe(0o600);
      expect(new FileKeyStore(dir).current().keyId).toBe(key.keyId);
      expect(store.publicKeys()).toEqual([{ keyId: key.keyId, publicKeyPem: key.publicKeyPem }]);
    });
  });

  describe('after a rotation', () => {
    it('signs with the new key and still holds the old public key, so old signatures verify', () => {
      const store = new FileKeyStore(mkdtempSync(join(tmpdir(), 'keys-')));
      const old = store.current();
      const signature = signBytes(checkpointSigningBytes(body), old.privateKey);
      const next = store.install(store.generate());
      expect(store.current().keyId).toBe(next.keyId);
      const kept = store.publicKeys().find((k) => k.keyId === old.keyId);
      expect(kept && verifySignature(checkpointSigningBytes(body), signature, kept.publicKeyPem)).toBe(true);
      expect(
        verifySignature(checkpointSigningBytes({ ...body, globalPosition: 11 }), signature, old.publicKeyPem),
      ).toBe(false);
    });
  });
});
