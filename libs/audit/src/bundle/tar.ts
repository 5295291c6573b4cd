import { closeSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EVENT_PART_NAME, EVENTS_DIR } from './bundle-format';

/**
 * Just enough of POSIX ustar to ship a bundle as one download and read it back with no dependency: regular
 * files in one directory (and format 4's event parts in `events/`), names under 100 bytes. Any `tar -xf`
 * opens it too.
 */
const BLOCK = 512;

export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  const header = Buffer.alloc(BLOCK);
  const field = (value: string, offset: number, length: number) =>
    header.write(value, offset, length, 'ascii');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
  field(name, 0, 100);
  field(octal(0o644, 8), 100, 8);
  field(octal(0, 8), 108, 8);
  field(octal(0, 8), 116, 8);
  field(octal(size, 12), 124, 12);
  field(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12);
  field('        ', 148, 8);
  field('0', 156, 1);
  field('ustar\u000000', 257, 8);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(`${octal(sum, 7)}\u0000`, 148, 8);
  return header;
}

export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Two zero blocks end the archive. */
export const TAR_END = Buffer.alloc(BLOCK * 2);

/** What an archive held: its regular files in archive order, and whether it ended as an archive ends. */
export interface TarContents {
  names: string[];
  /** The two zero blocks that end an archive were there (a download cut between members lacks them). */
  ended: boolean;
}

/** Where a member goes: format 4's event parts keep their folder; any other name is flattened to its base. */
function placeOf(name: string): string {
  return EVENT_PART_NAME.test(name) ? name : basename(name);
}

/**
 * Extracts the regular files of a ustar archive into `dir`: flat (only base names are kept), but for the
 * event parts of format 4 (`events/NNNNNN.ndjson`). Throws when a member is cut short.
 */
export function extractTarContents(file: string, dir: string): TarContents {
  mkdirSync(dir, { recursive: true });
  const fd = openSync(file, 'r');
  const names: string[] = [];
  let ended = false;
  try {
    const header = Buffer.alloc(BLOCK);
    const chunk = Buffer.alloc(1 << 20);
    let offset = 0;
    for (;;) {
      if (readSync(fd, header, 0, BLOCK, offset) < BLOCK) break;
      if (header.every((byte) => byte === 0)) {
        ended = readSync(fd, header, 0, BLOCK, offset + BLOCK) === BLOCK && header.every((b) => b === 0);
        break;
      }
      offset += BLOCK;
      const name = header.toString('ascii', 0, 100).replace(/\0.*$/s, '');
      const size = parseInt(header.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
      const type = header.toString('ascii', 156, 157);
      if (!Number.isSafeInteger(size) || size < 0) throw new Error(`bad tar entry size for ${name}`);
      if (type === '0' || type === '\0') {
        const place = placeOf(name);
        if (place !== basename(place)) mkdirSync(join(dir, EVENTS_DIR), { recursive: true });
        const out = openSync(join(dir, place), 'w');
        try {
          for (let left = size; left > 0;) {
            const read = readSync(fd, chunk, 0, Math.min(chunk.length, left), offset + size - left);
            if (read === 0) throw new Error(`tar entry ${name} is truncated`);
            writeSync(out, chunk, 0, read);
            left -= read;
          }
        } finally {
          closeSync(out);
        }
        names.push(place);
      }
      offset += size + ((BLOCK - (size % BLOCK)) % BLOCK);
    }
  } finally {
    closeSync(fd);
  }
  return { names, ended };
}

/** extractTarContents, the names only. */
export function extractTar(file: string, dir: string): string[] {
  return extractTarContents(file, dir).names;
}
