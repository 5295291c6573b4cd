import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BUILT_CLI } from './build-cli.global-setup';

const ROOT = join(__dirname, '..', '..');
// An empty home: no user config file leaks into the tests.
const HOME = mkdtempSync(join(tmpdir(), 'tracker-cli-home-'));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tracker <args>` as its own Node process: the compiled bin (built by the e2e global setup). */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BUILT_CLI, ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          HOME,
          XDG_CONFIG_HOME: join(HOME, '.config'),
          TRACKER_URL: undefined,
          TRACKER_KEY: undefined,
          ...env,
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Runs `jobs` with at most `limit` of them at a time (CLI processes are slow to start; this machine is small). */
export async function inParallel<T>(limit: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, jobs.length) }, async () => {
      while (next < jobs.length) {
        const index = next++;
        results[index] = await jobs[index]();
      }
    }),
  );
  return results;
}
