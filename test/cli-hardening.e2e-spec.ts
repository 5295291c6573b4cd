import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli-process';
import { ContractProxy } from './support/contract-proxy';
import { KEYS, TestServer } from './support/test-server';

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('tracker CLI: credentials stay private', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-cli-hardening-'));
  let tracker: TestServer;
  /** What the CLI is pointed at: the server behind a proxy that checks each answer against the document. */
  let server: { url: string };
  let proxy: ContractProxy;

  beforeAll(async () => {
    tracker = await TestServer.start();
    proxy = await ContractProxy.start(tracker.url);
    server = proxy;
  });
  afterEach(async () => expect(await proxy.mismatches()).toEqual([]));
  afterAll(async () => {
    await proxy.stop();
    await tracker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const configFile = (name: string, mode: number, content: Record<string, string>): string => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(content));
    chmodSync(file, mode);
    return file;
  };

  it('warns once on stderr when its config file holding a key is readable by group or others', async () => {
    const open = configFile('open.json', 0o644, { url: server.url, key: KEYS.viewer });
    const result = await runCli(['program', 'list', '--config', open]);
    expect(result.code).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning:'));
    expect(warnings).toEqual([
      `warning: the config file ${open} holds an API key and is open to other users (mode 644); run: chmod 600 ${open}`,
    ]);
    expect(result.stderr).not.toContain(KEYS.viewer);
  });

  it('says nothing about a config file only its owner can read, or one without a key', async () => {
    const closed = configFile('closed.json', 0o600, { url: server.url, key: KEYS.viewer });
    const keyless = configFile('keyless.json', 0o644, { url: server.url });
    expect(await runCli(['program', 'list', '--config', closed])).toMatchObject({ code: 0, stderr: '' });
    const result = await runCli(['program', 'list', '--config', keyless, '--key', KEYS.viewer]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it('never prints the user or password of a --url', async () => {
    const withPassword = await runCli([
      'program',
      'list',
      '--url',
      `http://admin:hunter2-secret@127.0.0.1:1`,
    ]);
    expect(withPassword.code).toBe(1);
    expect(withPassword.stderr).toContain('***@');
    const notAUrl = await runCli(['program', 'list', '--url', 'http//admin:hunter2-secret@host']);
    expect(notAUrl.code).toBe(1);
    for (const result of [withPassword, notAUrl]) {
      expect(result.stderr).not.toContain('hunter2-secret');
      expect(result.stderr).not.toContain('admin:');
    }
  });

  it('never prints the key when the tracker cannot be reached or refuses it', async () => {
    const port = await closedPort();
    const unreachable = await runCli([
      'program',
      'list',
      '--url',
      `http://127.0.0.1:${port}`,
      '--key',
      'secret-key-0001',
    ]);
    expect(unreachable.code).toBe(5);
    expect(unreachable.stderr).toContain(`cannot reach the tracker at http://127.0.0.1:${port}`);
    const refused = await runCli(['program', 'list', '--url', server.url, '--key', 'secret-key-0002']);
    expect(refused.code).toBe(2);
    for (const result of [unreachable, refused]) {
      expect(result.stderr + result.stdout).not.toMatch(/secret-key-000/);
    }
  });
});
