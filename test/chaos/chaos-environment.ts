import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { keyIdOf, type PublicKeyEntry } from '@app/audit';
import type { ChaosKeys } from './chaos-sender';

export interface ChaosEnvironment {
  /** The server's environment: the same for every start, on the same data dir. */
  env: Record<string, string>;
  keys: ChaosKeys & { viewer: string };
  /** The checkpoint signing key's public half: the auditor trusts it and nothing the server or a bundle offers. */
  pinned: PublicKeyEntry;
}

/** Fresh API keys and a fresh Ed25519 signing key for one run on `dataDir`. */
export function chaosEnvironment(dataDir: string): ChaosEnvironment {
  const keys = {
    operator: randomBytes(24).toString('hex'),
    viewer: randomBytes(24).toString('hex'),
    auditor: randomBytes(24).toString('hex'),
  };
  const signing = generateKeyPairSync('ed25519');
  const publicKeyPem = signing.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const env = {
    DATA_DIR: dataDir,
    API_KEYS: `chaos-ops:operator:${keys.operator},chaos-view:viewer:${keys.viewer},chaos-audit:auditor:${keys.auditor}`,
    AUDIT_SIGNING_KEY: signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    // Nothing from the caller's shell: the read models live in the data dir, the clock is real unless a
    // restart steps it back on purpose.
    AUDIT_SIGNING_KEY_FILE: '',
    READ_MODEL_DIR: '',
    TRACKER_NOW: '',
    // Checkpoints are signed during the run too (every 1,000 events by default), so kills land among them.
    CHECKPOINT_EVERY_EVENTS: '100',
    // A full rebuild of the read models may take longer than the default wait of a read with minPosition.
    READ_WAIT_TIMEOUT_MS: '30000',
    LOG_LEVEL: 'warn',
  };
  return { env, keys, pinned: { keyId: keyIdOf(publicKeyPem), publicKeyPem } };
}
