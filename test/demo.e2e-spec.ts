import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkedFetch } from './support/checked-fetch';

/** `npm run demo`: a fresh tracker with the generated 2014 program, on a simulated clock, and its keys printed. */

/** A port free right now (the OS picks it; it is closed again before the demo binds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Demo {
  answer: any;
  stop(): Promise<void>;
}

/** Runs `demo --json` with the given flags and environment; resolves with its printed summary. */
async function runDemo(flags: string[], env: Record<string, string>): Promise<Demo> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'demo', '--json', ...flags],
    {
      cwd: join(__dirname, '..'),
      env: { ...process.env, PORT: '', DATA_DIR: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const answer = await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        try {
          resolve(JSON.parse(stdout));
        } catch {
          // not complete yet
        }
      });
      child.once('exit', (code) => reject(new Error(`demo exited with ${code}: ${stderr}`)));
    });
    return { answer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

describe('the demo', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'demo-spec-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('listens on PORT and keeps its data in DATA_DIR, like npm start; loads the reference program and prints the dashboard URL and keys', async () => {
    const port = await freePort();
    const dataDir = join(scratch, 'from-env');
    const demo = await runDemo([], { PORT: String(port), DATA_DIR: dataDir });
    try {
      const { answer } = demo;
      expect(answer.dashboard).toBe(`http://127.0.0.1:${port}/`);
      expect(answer.dataDir).toBe(dataDir);
      expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);
      expect(Object.keys(answer.keys).sort()).toEqual(['auditor', 'operator', 'viewer']);
      expect(answer.simulatedNow).toBe('2014-09-15T10:00:00+08:00');

      const response = await checkedFetch(`${answer.api}/programs/intl-2014/progress`, {
        headers: { authorization: `Bearer ${answer.keys.viewer}` },
      });
      const progress: any = await response.json();
      // The server's clock runs from the simulated "now", so statuses are those of mid-September 2014.
      expect(progress.asOf.slice(0, 10)).toBe('2014-09-15');
      const byMarket = Object.fromEntries(progress.markets.map((m: any) => [m.market, m]));
      expect(Object.keys(byMarket).sort()).toEqual(['HK', 'ID', 'IN', 'MY', 'PH', 'SG', 'TW']);
      expect(byMarket.IN).toMatchObject({ phase: 'completed', status: 'completed' });
      expect(byMarket.IN.failures).toBeGreaterThan(0);
      expect(byMarket.MY.phase).toBe('paused');
      expect(byMarket.TW.status).toBe('off_track');
      expect(progress.deadline).toBe('2014-10-31T23:59:59+08:00');
    } finally {
      await demo.stop();
    }
  }, 240_000);

  it('lets --port and --data-dir win over PORT and DATA_DIR', async () => {
    const [envPort, flagPort] = [await freePort(), await freePort()];
    const envDir = join(scratch, 'env-dir');
    const flagDir = join(scratch, 'flag-dir');
    // An early "now" keeps the load to the program's first steps.
    const demo = await runDemo(
      ['--port', String(flagPort), '--data-dir', flagDir, '--now', '2014-03-01T00:00:00Z'],
      { PORT: String(envPort), DATA_DIR: envDir },
    );
    try {
      expect(demo.answer.api).toBe(`http://127.0.0.1:${flagPort}`);
      expect(demo.answer.dataDir).toBe(flagDir);
      expect(existsSync(join(flagDir, 'events.sqlite'))).toBe(true);
      expect(existsSync(envDir)).toBe(false);
    } finally {
      await demo.stop();
    }
  }, 240_000);

  it('refuses a PORT that is not a port, naming it', async () => {
    const outcome = await runDemo([], { PORT: 'eighty' }).then(
      async (demo) => {
        await demo.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/PORT \(environment\) must be a whole number/);
  }, 60_000);
});
