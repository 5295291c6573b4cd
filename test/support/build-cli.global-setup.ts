import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const BUILT_CLI = join(ROOT, 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The CLI tests run `tracker` as the compiled bin (`npm run build:cli`), the way it is installed: compiled
 * once here when missing or older than its sources, instead of compiling TypeScript in every CLI process.
 */
export default function buildCli(): void {
  const sources = Math.max(newestMtime(join(ROOT, 'apps', 'cli', 'src')), newestMtime(join(ROOT, 'libs')));
  if (existsSync(BUILT_CLI) && statSync(BUILT_CLI).mtimeMs >= sources) return;
  process.stdout.write('\nBuilding the CLI (nest build cli -> dist/apps/cli)...\n');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build', 'cli'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}
