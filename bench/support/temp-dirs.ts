import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();

/** A fresh directory under the OS temp dir; removed by removeTempDir or, at the latest, when the process exits. */
export function makeTempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tracker-bench-${label}-`));
  live.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

export function removeAllTempDirs(): void {
  for (const dir of [...live]) removeTempDir(dir);
}

process.once('exit', removeAllTempDirs);
