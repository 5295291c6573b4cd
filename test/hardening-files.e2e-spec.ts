import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectPost, programBody } from './support/fixtures';
import { TestServer } from './support/test-server';

/** Every file and directory under `dir`, with its permission bits, directories marked with a trailing slash. */
function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (path: string, name: string) => {
    const stat = statSync(path);
    found[stat.isDirectory() ? `${name}/` : name] = (stat.mode & 0o777).toString(8);
    if (stat.isDirectory())
      for (const child of readdirSync(path)) walk(join(path, child), `${name}/${child}`);
  };
  walk(dir, '.');
  return found;
}

describe('file modes of the data dir', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-modes-'));
  const readModelDir = mkdtempSync(join(tmpdir(), 'tracker-modes-rm-'));
  let server: TestServer | undefined;

  afterAll(async () => {
    await server?.stop();
    rmSync(readModelDir, { recursive: true, force: true });
  });

  it('keeps DATA_DIR and READ_MODEL_DIR at 0700 and every file the server creates at 0600', async () => {
    // As an operator might have left them: open directories and a file from an earlier version.
    chmodSync(dataDir, 0o755);
    chmodSync(readModelDir, 0o755);
    writeFileSync(join(dataDir, 'left-over.txt'), 'x', { mode: 0o644 });
    chmodSync(join(dataDir, 'left-over.txt'), 0o644);

    // First start without API_KEYS: the server creates the keys file.
    const first = await TestServer.start({ dataDir, env: { API_KEYS: '', READ_MODEL_DIR: readModelDir } });
    await first.stop({ keepData: true });

    server = await TestServer.start({ dataDir, env: { READ_MODEL_DIR: readModelDir } });
    await expectPost(server, '/programs', programBody('modes'));
    await expectPost(server, '/programs/modes/markets', {
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 10,
    });
    await server.post('/audit/checkpoints', {});

    const data = modes(dataDir);
    const readModels = modes(readModelDir);
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining([
        './events.sqlite',
        './idempotency.sqlite',
        './api-keys.json',
        './left-over.txt',
      ]),
    );
    expect(Object.keys(data).some((name) => name.startsWith('./events.sqlite-'))).toBe(true);
    expect(Object.keys(readModels)).toEqual(expect.arrayContaining(['./projections.sqlite']));
    for (const [name, mode] of [...Object.entries(data), ...Object.entries(readModels)]) {
      expect({ name, mode }).toEqual({ name, mode: name.endsWith('/') ? '700' : '600' });
    }
  });
});
