import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data dir holds the event log, key hashes and the signing key: only the server's user may read it.
 *
 * A umask, not a chmod after each open: SQLite creates its -wal and -shm files itself, at moments of its own
 * choosing, and every library that writes a file would need its own chmod. With umask 077 whatever the
 * process creates is 0600 (files) or 0700 (directories) from the start. Files and dirs left by an earlier
 * version are tightened once here.
 */
export function restrictFileModes(dirs: string[]): void {
  process.umask(0o077);
  for (const dir of new Set(dirs)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    tighten(dir, 2);
  }
}

function tighten(path: string, depth: number): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    if (depth > 0) for (const name of readdirSync(path)) tighten(join(path, name), depth - 1);
  } else if (stat.isFile() && (stat.mode & 0o077) !== 0) {
    chmodSync(path, stat.mode & 0o700);
  }
}
