import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { WebhookSecrets } from './webhook-secrets';
import { signedHeaders } from './webhook-sender';

describe('webhook secrets', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'webhook-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('derives one Standard Webhooks secret per subscription, the same for every replica on the data dir', () => {
    const one = new WebhookSecrets(dir);
    const secret = one.secretOf('sub_a');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(new WebhookSecrets(dir).secretOf('sub_a')).toBe(secret);
    expect(one.secretOf('sub_b')).not.toBe(secret);
    expect(statSync(join(dir, 'webhook-key')).mode & 0o777).toBe(0o600);
  });

  it('differs on another data dir (another server key)', () => {
    const other = mkdtempSync(join(tmpdir(), 'webhook-secrets-'));
    try {
      expect(new WebhookSecrets(other).secretOf('sub_a')).not.toBe(new WebhookSecrets(dir).secretOf('sub_a'));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('signs headers the maintained library verifies', () => {
    const secret = new WebhookSecrets(dir).secretOf('sub_a');
    const body = '{"type":"test"}';
    const headers = signedHeaders({ url: 'https://x', secret, webhookId: 'msg_1', sentAt: new Date(), body });
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: 'test' });
    expect(() => new Webhook(secret).verify('{"type":"tampered"}', headers)).toThrow();
  });

  it('seals a URL that only the key of this data dir opens, and refuses an altered one', () => {
    const secrets = new WebhookSecrets(dir);
    const url = 'https://hooks.slack.com/services/T000/B000/t0ps3cret';
    const sealed = secrets.seal(url);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('t0ps3cret');
    expect(secrets.seal(url)).not.toBe(sealed); // a fresh IV each time
    expect(new WebhookSecrets(dir).open(sealed)).toBe(url);
    const [version, iv, text, tag] = sealed.split('.');
    const altered = [version, iv, `${text.slice(0, -2)}AA`, tag].join('.');
    expect(() => secrets.open(altered)).toThrow();
    const other = mkdtempSync(join(tmpdir(), 'webhook-secrets-'));
    try {
      expect(() => new WebhookSecrets(other).open(sealed)).toThrow();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
