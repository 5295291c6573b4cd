import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** `npm run demo`: a fresh tracker with the generated 2014 program, on a simulated clock, and its keys printed. */

describe('the demo', () => {
  it('starts a tracker on a fresh data dir, loads the reference program and prints the dashboard URL and keys', async () => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'demo', '--port', '0', '--json'],
      {
        cwd: join(__dirname, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let demo: any;
    try {
      demo = await new Promise((resolve, reject) => {
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
      expect(demo.dashboard).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(Object.keys(demo.keys).sort()).toEqual(['auditor', 'operator', 'viewer']);
      expect(demo.simulatedNow).toBe('2014-09-15T10:00:00+08:00');

      const response = await fetch(`${demo.api}/programs/intl-2014/progress`, {
        headers: { authorization: `Bearer ${demo.keys.viewer}` },
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
      child.kill('SIGTERM');
      await exited;
      if (demo?.dataDir) rmSync(demo.dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
