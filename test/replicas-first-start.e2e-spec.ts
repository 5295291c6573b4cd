import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyRegistry } from '../apps/api/src/auth/api-key-registry';
import { FileKeyStore } from '@app/audit';

const ROOT = join(__dirname, '..');
const PROCESSES = 6;

/**
 * What one replica does on its first start with nothing configured: load or create the API keys and the
 * signing key of the shared data dir. Each process loads the code, says so, and waits for a go on stdin,
 * so that they all find the files missing and race to create them.
 */
const FIRST_START = `
  const { ApiKeyRegistry } = require('./apps/api/src/auth/api-key-registry');
  const { FileKeyStore } = require('./libs/audit/src/checkpoint/key-store');
  const dir = process.argv[1];
  process.stdin.once('data', () => {
    const { created } = ApiKeyRegistry.fromDataDir(dir);
    const keyId = new FileKeyStore(dir).current().keyId;
    process.stdout.write(JSON.stringify({ created: created?.map((entry) => entry.key), keyId }));
    process.exit(0);
  });
  process.stdout.write('ready\\n');
`;

interface FirstStart {
  ready: Promise<void>;
  go: () => void;
  done: Promise<{ created?: string[]; keyId: string }>;
}

function firstStart(dir: string): FirstStart {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', FIRST_START, dir], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let signalReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.startsWith('ready\n')) signalReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<{ created?: string[]; keyId: string }>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output.slice('ready\n'.length)))
        : reject(new Error(`exited with ${code}: ${output}`)),
    ),
  );
  return { ready, go: () => child.stdin.end('go\n'), done };
}

describe('replicas starting together on an empty shared data dir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-first-start-race-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('create one set of API keys and one signing key, which every replica then uses', async () => {
    const processes = Array.from({ length: PROCESSES }, () => firstStart(dir));
    await Promise.all(processes.map((replica) => replica.ready));
    for (const replica of processes) replica.go();
    const starts = await Promise.all(processes.map((replica) => replica.done));

    const creators = starts.filter((start) => start.created !== undefined);
    expect(creators).toHaveLength(1);
    const stored = ApiKeyRegistry.fromDataDir(dir);
    expect(stored.created).toBeUndefined();
    for (const key of creators[0].created!) expect(stored.registry.identify(key)).toBeDefined();

    const signingKey = new FileKeyStore(dir).current().keyId;
    expect(starts.map((start) => start.keyId)).toEqual(Array(PROCESSES).fill(signingKey));
    // Only the key in use is trusted; no staging file is left behind.
    expect(new FileKeyStore(dir).publicKeys().map((key) => key.keyId)).toEqual([signingKey]);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(join(dir, 'audit-keys')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
