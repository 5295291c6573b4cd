import {
  generateKeyPairSync,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { keyIdOf } from './checkpoint-signer';

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

export interface PublicKeyEntry {
  keyId: string;
  publicKeyPem: string;
}

const PRIVATE_FILE = 'signing-key.pem';
const PUBLIC_DIR = 'public';

/**
 * The checkpoint signing key, as PEM files under `<dataDir>/audit-keys`: the private key alone readable by its
 * owner (0600); every public key ever used kept under `public/<keyId>.pem`, so old checkpoints still verify
 * after a rotation. Created on first use. Replicas sharing the data dir share the key: it is read from the
 * file at every use (a rotation by one is the key of all), and of replicas creating it at once one wins.
 */
export class FileKeyStore {
  private readonly dir: string;
  private readonly configured: SigningKey | undefined;

  /**
   * `configuredPem`: the signing key from configuration (every replica of a service signs with the same key);
   * it is then the current key and cannot be rotated through the store.
   */
  constructor(dataDir: string, configuredPem?: string) {
    this.dir = join(dataDir, 'audit-keys');
    this.configured = configuredPem === undefined ? undefined : signingKeyOf(createPrivateKey(configuredPem));
  }

  /** True when the key comes from configuration: rotate it there, not here. */
  get isConfigured(): boolean {
    return this.configured !== undefined;
  }

  current(): SigningKey {
    if (this.configured) return this.configured;
    const file = join(this.dir, PRIVATE_FILE);
    if (!existsSync(file)) return this.create(this.generate());
    return this.read();
  }

  /** A fresh key, not yet in use: sign its announcement with the current one, then `install` it. */
  generate(): SigningKey {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    return { keyId: keyIdOf(publicKeyPem), privateKey, publicKeyPem };
  }

  /** Makes `key` the signing key; the previous public key stays under public/. */
  install(key: SigningKey): SigningKey {
    if (this.configured) throw new Error('the signing key comes from configuration; change it there');
    const temp = this.stage(key);
    renameSync(temp, join(this.dir, PRIVATE_FILE));
    return key;
  }

  /**
   * The first key: linked into place, which fails when another replica's is there already; that one is then
   * the key, and this one (never used) is dropped with its public file.
   */
  private create(key: SigningKey): SigningKey {
    const temp = this.stage(key);
    try {
      linkSync(temp, join(this.dir, PRIVATE_FILE));
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      rmSync(join(this.dir, PUBLIC_DIR, `${key.keyId}.pem`), { force: true });
      return this.read();
    } finally {
      rmSync(temp, { force: true });
    }
  }

  /** Writes the public key and a private file (0600) under a name of this process, ready to move in place. */
  private stage(key: SigningKey): string {
    mkdirSync(join(this.dir, PUBLIC_DIR), { recursive: true, mode: 0o700 });
    writeFileSync(join(this.dir, PUBLIC_DIR, `${key.keyId}.pem`), key.publicKeyPem, { mode: 0o644 });
    const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const temp = join(this.dir, `${PRIVATE_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    writeFileSync(temp, pem, { mode: 0o600 });
    chmodSync(temp, 0o600);
    return temp;
  }

  private read(): SigningKey {
    return signingKeyOf(createPrivateKey(readFileSync(join(this.dir, PRIVATE_FILE), 'utf8')));
  }

  /** Every public key this store ever signed with (the configured one first, when there is one). */
  publicKeys(): PublicKeyEntry[] {
    const configured = this.configured
      ? [{ keyId: this.configured.keyId, publicKeyPem: this.configured.publicKeyPem }]
      : [];
    const dir = join(this.dir, PUBLIC_DIR);
    if (!existsSync(dir)) return configured;
    const stored = readdirSync(dir)
      .filter((name) => name.endsWith('.pem'))
      .sort()
      .map((name) => {
        const publicKeyPem = readFileSync(join(dir, name), 'utf8');
        return { keyId: keyIdOf(publicKeyPem), publicKeyPem };
      });
    return [...configured, ...stored.filter((key) => key.keyId !== this.configured?.keyId)];
  }
}

function signingKeyOf(privateKey: KeyObject): SigningKey {
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { keyId: keyIdOf(publicKeyPem), privateKey, publicKeyPem };
}
