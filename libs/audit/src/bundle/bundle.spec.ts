import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixtureLog, newKey } from '../verifier/testing/fixture-log';
import { EVENTS_FILE, KEYS_FILE, parseEventLine, PROOFS_FILE } from './bundle-format';
import { writeBundle } from './bundle-writer';
import { verifyBundle } from './verify-bundle';

describe('evidence bundle', () => {
  const key = newKey();
  const log = new FixtureLog();
  log.steps('market-p-IN', 4);
  const cp = log.checkpoint(key);
  const keys = [{ keyId: key.keyId, publicKeyPem: key.publicKeyPem }];

  async function bundle(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    await writeBundle(dir, { events: log.events, keys, createdAt: new Date('2014-07-01T00:00:00Z') });
    return dir;
  }

  it('verifies offline, with its own keys or keys the auditor brought, and holds the anchor', async () => {
    const dir = await bundle();
    const anchor = { revision: 0, hash: String(cp.metadata.hash) };
    // With nothing but the bundle's own keys, it is intact but proves nothing about who signed.
    expect(await verifyBundle(dir, { anchor })).toMatchObject({
      ok: true,
      verdict: 'bundled_keys_only',
      log: { events: 5 },
    });
    expect(await verifyBundle(dir, { anchor, trustedKeys: keys })).toMatchObject({ verdict: 'verified' });
    const stranger = await verifyBundle(dir, { trustedKeys: [newKey()] });
    expect(stranger).toMatchObject({ ok: false, verdict: 'failed' });
    expect(stranger.log?.breaks.map((b) => b.kind)).toEqual([
      'no_trusted_checkpoint',
      'checkpoint_unknown_key',
    ]);
  });

  it('fails on one changed byte, naming the part', async () => {
    const dir = await bundle();
    const file = join(dir, EVENTS_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"users":10', '"users":11'));
    const report = await verifyBundle(dir);
    expect(report.ok).toBe(false);
    expect(report.manifest.parts).toEqual([
      expect.objectContaining({ name: EVENTS_FILE, ok: false }),
      expect.objectContaining({ name: KEYS_FILE, ok: true }),
      expect.objectContaining({ name: PROOFS_FILE, ok: true }),
    ]);
  });

  it('fails when the log was altered and the manifest rewritten to match, through the chain', async () => {
    const dir = await bundle();
    const events = readFileSync(join(dir, EVENTS_FILE), 'utf8').replace('"users":10', '"users":11');
    await writeBundle(dir, {
      events: events
        .trimEnd()
        .split('\n')
        .map((line, index) => parseEventLine(line, index + 1)),
      keys,
      createdAt: new Date(),
    });
    const report = await verifyBundle(dir);
    expect(report).toMatchObject({ ok: false, manifest: { ok: true } });
    expect(report.log?.firstBreak).toMatchObject({
      kind: 'hash_mismatch',
      stream: 'market-p-IN',
      revision: 0,
    });
  });
});
