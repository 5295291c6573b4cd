import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heapLimitMbFor } from './write-cache.budget';

const LAUNCHER = join(__dirname, '..', '..', '..', '..', 'bin', 'start-api.sh');
const MIB = 1024 * 1024;

/**
 * bin/start-api.sh run from a copy next to a stand-in for the built server (at the path the launcher starts),
 * which prints the node flags it was given, its heap limit and its arguments.
 */
describe('the API launcher (bin/start-api.sh)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'start-api-'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(LAUNCHER, join(dir, 'bin', 'start-api.sh'));
    const main = join(dir, 'dist', 'apps', 'api', 'apps', 'api', 'src');
    mkdirSync(main, { recursive: true });
    writeFileSync(
      join(main, 'main.js'),
      `const { heap_size_limit } = require('node:v8').getHeapStatistics();
       console.log(JSON.stringify({ flags: process.execArgv, heapLimit: heap_size_limit, args: process.argv.slice(2) }));`,
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const launch = (env: Record<string, string>, args: string[] = []) => {
    const result = spawnSync('sh', [join(dir, 'bin', 'start-api.sh'), ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...env },
    });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as { flags: string[]; heapLimit: number; args: string[] };
  };

  it('gives node an old space of WRITE_CACHE_MB plus the allowance for the rest of the server', () => {
    for (const mb of [0, 64, 256, 2048]) {
      expect(launch({ WRITE_CACHE_MB: String(mb) }).flags).toEqual([
        `--max-old-space-size=${heapLimitMbFor(mb)}`,
      ]);
    }
    const { heapLimit } = launch({ WRITE_CACHE_MB: '1024' });
    expect(heapLimit).toBeGreaterThanOrEqual(heapLimitMbFor(1024) * MIB);
    expect(heapLimit).toBeLessThan((heapLimitMbFor(1024) + 128) * MIB);
  });

  it('uses the default budget when WRITE_CACHE_MB is unset or empty, and reads leading zeros as decimal', () => {
    const flag = [`--max-old-space-size=${heapLimitMbFor(256)}`];
    expect(launch({}).flags).toEqual(flag);
    expect(launch({ WRITE_CACHE_MB: '' }).flags).toEqual(flag);
    expect(launch({ WRITE_CACHE_MB: '0256' }).flags).toEqual(flag);
  });

  it("keeps the operator's own heap limit from NODE_OPTIONS", () => {
    const run = launch({ WRITE_CACHE_MB: '1024', NODE_OPTIONS: '--max-old-space-size=300' });
    expect(run.flags).toEqual([]);
    expect(run.heapLimit).toBeLessThan(400 * MIB);
  });

  it('adds no flag for a value that is not plain digits (the server judges it) and passes arguments on', () => {
    expect(launch({ WRITE_CACHE_MB: 'lots' }, ['--x', 'y'])).toMatchObject({ flags: [], args: ['--x', 'y'] });
  });
});
