import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_FILE = 'webhook-key';

/**
 * Webhook signing secrets, derived, never stored: secret(id) = HMAC-SHA256(server webhook key, id), in the
 * Standard Webhooks form `whsec_<base64 of 32 bytes>`. The log holds the subscriptions and is read by
 * auditors and viewers, so the secret cannot go there; deriving it needs no second store to keep in step
 * with the log, and every replica sharing the data dir derives the same secret. The key is created once,
 * 0600, in the data dir (`webhook-key`), the way the checkpoint signing key is: of replicas creating it at
 * once, one wins (link, not rename). Losing the file changes every secret: back it up with the data dir.
 */
export class WebhookSecrets {
  private key: Buffer | undefined;

  constructor(private readonly dataDir: string) {}

  secretOf(subscriptionId: string): string {
    const digest = createHmac('sha256', this.serverKey()).update(`subscription:${subscriptionId}`).digest();
    return `whsec_${digest.toString('base64')}`;
  }

  /**
   * A webhook URL sealed for the log (AES-256-GCM under a key derived from the server key): chat webhook URLs
   * are credentials, and the log is read by auditors and viewers. `v1.<iv>.<ciphertext>.<tag>`, base64url.
   */
  seal(url: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.urlKey(), iv);
    const sealed = Buffer.concat([cipher.update(url, 'utf8'), cipher.final()]);
    return ['v1', iv, sealed, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The URL sealed by `seal`; throws when it was sealed under another key or altered. */
  open(sealed: string): string {
    const [version, iv, text, tag] = sealed.split('.');
    if (version !== 'v1' || tag === undefined) throw new Error('not a sealed webhook URL');
    const decipher = createDecipheriv('aes-256-gcm', this.urlKey(), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(text, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  private urlKey(): Buffer {
    return createHmac('sha256', this.serverKey()).update('webhook-url-sealing').digest();
  }

  private serverKey(): Buffer {
    this.key ??= this.readOrCreate();
    return this.key;
  }

  private readOrCreate(): Buffer {
    const file = join(this.dataDir, KEY_FILE);
    try {
      return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    try {
      linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(temp, { force: true });
    }
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
}
