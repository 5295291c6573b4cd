import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AUDIT_STREAM, eventPartName, verifyBundle } from '@app/audit';
import { driveScenario } from './support/drive-scenario';
import { referenceSteps } from './support/reference-scenario';
import { TestClock } from './support/test-clock';
import { TestServer } from './support/test-server';

/** Evidence leaves the server: public key, NDJSON export, the bundle verified offline, key rotation. */
const ENV = { CHECKPOINT_EVERY_MINUTES: '5256000', CHECKPOINT_EVERY_EVENTS: '10000000' };

describe('audit evidence', () => {
  let server: TestServer;
  let clock: TestClock;
  const work = mkdtempSync(join(tmpdir(), 'tracker-evidence-'));

  beforeAll(async () => {
    clock = new TestClock('2014-01-15T00:00:00Z');
    server = await TestServer.start({ clock: clock.now, env: ENV });
    await driveScenario(server, clock, referenceSteps().slice(0, 40));
    expect((await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).status).toBe(201);
  });

  afterAll(() => server.stop());

  it('serves the public key to anyone, with its id', async () => {
    const answer = await server.get('/audit/public-key', { key: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      algorithm: 'Ed25519',
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(answer.body.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(answer.body.keys).toEqual([{ keyId: answer.body.keyId, publicKeyPem: answer.body.publicKeyPem }]);
  });

  it('keeps viewers away from verification and exports, and lets no viewer sign', async () => {
    expect((await server.get('/audit/verify', { key: 'viewer' })).status).toBe(403);
    expect((await server.get('/audit/export.ndjson', { key: 'viewer' })).status).toBe(403);
    expect((await server.post('/audit/checkpoints', undefined, { key: 'viewer' })).status).toBe(403);
    expect((await server.post('/audit/keys/rotate', undefined, { key: 'auditor' })).status).toBe(403);
  });

  it('exports the stored log as NDJSON, one event per line in position order', async () => {
    const answer = await server.download('/audit/export.ndjson');
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/application\/x-ndjson/);
    const texts = answer.bytes.toString('utf8').trimEnd().split('\n');
    const lines = texts.map((line) => JSON.parse(line));
    expect(lines).toHaveLength(41);
    // The log's own positions, in order (opaque: compared with the history route's, never with counts).
    const positions = (await server.allEvents()).map((event) => Number(event.position));
    expect(lines.map((e) => e.position)).toEqual(positions);
    expect(lines.at(-1).event).toMatchObject({ streamId: AUDIT_STREAM, type: 'CheckpointSigned' });
    expect(lines[0].event.metadata).toMatchObject({
      actor: 'ops-1',
      role: 'operator',
      prevHash: '0'.repeat(64),
    });
    // Each line's `event` text is exactly what its hash covers: checkable with any SHA-256 tool.
    for (const [index, text] of texts.entries()) {
      const eventText = text.slice(text.indexOf(',"event":') + ',"event":'.length, -1);
      expect(createHash('sha256').update(eventText).digest('hex')).toBe(lines[index].hash);
    }
  });

  it('exports a bundle that verifies offline, and fails once one byte of it changes', async () => {
    const answer = await server.download('/audit/bundle');
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/application\/x-tar/);
    const file = join(work, 'evidence.tar');
    writeFileSync(file, answer.bytes);
    const report = await verifyBundle(file);
    expect(report).toMatchObject({ ok: true, manifest: { ok: true }, log: { ok: true, events: 41 } });
    expect(report.log?.checkpoints).toMatchObject({ count: 1, valid: 1 });

    const tampered = Buffer.from(answer.bytes);
    // Format 4: the events come in numbered parts; the first "users" count is in the first part.
    const at = tampered.indexOf('"users":', tampered.indexOf(eventPartName(1))) + 8;
    tampered[at] = tampered[at] === 0x39 ? 0x38 : tampered[at] + 1;
    writeFileSync(join(work, 'tampered.tar'), tampered);
    const broken = await verifyBundle(join(work, 'tampered.tar'));
    expect(broken.ok).toBe(false);
    expect(broken.manifest.parts.find((p) => p.name === eventPartName(1))).toMatchObject({ ok: false });
  });

  it('checks the bundle with `npm run verify-bundle`, no server, no database: exit 0, then 1', async () => {
    const pinned = join(work, 'pinned.pem');
    writeFileSync(pinned, (await server.get('/audit/public-key', { key: null })).body.publicKeyPem);
    const run = (path: string) =>
      promisify(execFile)('npm', ['run', '--silent', 'verify-bundle', '--', path, '--key', pinned], {
        cwd: join(__dirname, '..'),
      })
        .then(({ stdout }) => ({ code: 0, stdout }))
        .catch((error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }));
    const good = await run(join(work, 'evidence.tar'));
    expect(good).toMatchObject({ code: 0, stdout: expect.stringContaining('VERIFIED') });
    const bad = await run(join(work, 'tampered.tar'));
    expect(bad).toMatchObject({ code: 1, stdout: expect.stringContaining('NOT VERIFIED') });
  });

  it('rotates the key: the rotation is signed by the old key, old checkpoints still verify', async () => {
    const before = (await server.get('/audit/public-key', { key: null })).body;
    const answer = await server.post('/audit/keys/rotate', undefined, { key: 'operator' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      previousKeyId: before.keyId,
      checkpoint: { sequence: 2, reason: 'rotation' },
    });
    const after = (await server.get('/audit/public-key', { key: null })).body;
    expect(after.keyId).toBe(answer.body.keyId);
    expect(after.keys.map((k: { keyId: string }) => k.keyId).sort()).toEqual(
      [before.keyId, after.keyId].sort(),
    );
    const report = (await server.get('/audit/verify')).body;
    expect(report).toMatchObject({ ok: true, checkpoints: { count: 2, valid: 2 } });
    expect(report.keys).toEqual(expect.arrayContaining([before.keyId, after.keyId]));
    const rotation = (await server.allEvents()).find((e) => e.type === 'SigningKeyRotated');
    expect(rotation.metadata).toMatchObject({ actor: 'ops-1', role: 'operator' });
  });

  it('keeps the private key readable by its owner only', () => {
    expect(statSync(join(server.dataDir, 'audit-keys', 'signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(server.dataDir, 'audit-keys', 'signing-key.pem'), 'utf8')).toContain(
      'PRIVATE KEY',
    );
  });
});

describe('periodic checkpoints', () => {
  it('signs every N events, and after M minutes when there is anything new, as the system', async () => {
    const clock = new TestClock('2014-01-15T00:00:00Z');
    const server = await TestServer.start({
      clock: clock.now,
      env: { CHECKPOINT_EVERY_EVENTS: '5', CHECKPOINT_EVERY_MINUTES: '60' },
    });
    try {
      const steps = referenceSteps();
      clock.set('2014-01-15T01:00:00Z');
      await driveScenario(server, clock, steps.slice(0, 6));
      clock.set('2014-02-01T01:00:00Z');
      const checkpoints = async () =>
        (await server.allEvents()).filter((e) => e.type === 'CheckpointSigned').map((e) => e.data);
      await waitFor(async () => (await checkpoints()).length >= 1);
      expect((await checkpoints())[0]).toMatchObject({
        sequence: 1,
        reason: 'events',
        treeSize: 6,
        position: (await server.allEvents())[5].position,
      });
      clock.set('2014-02-01T02:00:00Z');
      await driveScenario(server, clock, steps.slice(6, 7));
      clock.set('2014-02-01T03:00:00Z');
      await waitFor(async () => (await checkpoints()).length >= 2);
      expect((await checkpoints())[1]).toMatchObject({ sequence: 2, reason: 'interval' });
      const events = await server.allEvents();
      expect(events.find((e) => e.type === 'CheckpointSigned').metadata).toMatchObject({
        actor: 'system',
        role: 'system',
      });
      expect((await server.get('/audit/verify')).body).toMatchObject({ ok: true, checkpoints: { valid: 2 } });
    } finally {
      await server.stop();
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  for (const start = Date.now(); Date.now() - start < timeoutMs;) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}
