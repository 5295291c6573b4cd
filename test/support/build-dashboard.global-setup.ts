import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SOURCES = join(ROOT, 'apps', 'dashboard');
const BUILT = join(ROOT, 'dist', 'dashboard', 'index.html');
/** Files in apps/dashboard that are not inputs of the build. */
const NOT_INPUTS = new Set(['screenshot.png', 'screenshot-overdue.png', 'screenshot-notifications.png']);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_INPUTS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Jest globalSetup of the e2e project: the API serves the dashboard from dist/dashboard, so build it once
 * when it is missing or older than its sources (a fresh clone, or an edited dashboard).
 */
export default function buildDashboard(): void {
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestMtime(SOURCES)) return;
  process.stdout.write('\nBuilding the dashboard (vite build -> dist/dashboard)...\n');
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(SOURCES, 'vite.config.mts'),
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}
