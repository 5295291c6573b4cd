import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heapLimitMbFor } from '../apps/api/src/write/write-cache.budget';
import { checkedFetch } from './support/checked-fetch';
import { programBody } from './support/fixtures';
import { metric } from './support/metric-value';
import { startServerProcess, type ServerProcess } from './support/server-process';

const MIB = 1024 * 1024;
const OPERATOR = 'op-heap-key-0001';

/**
 * The server as its own Node process under a V8 heap limit: the one the launcher (bin/start-api.sh) derives
 * from WRITE_CACHE_MB, and a smaller one an operator set, under which the write cache takes what is left.
 */
describe('the server under a V8 heap limit', () => {
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];

  async function start(env: Record<string, string>): Promise<ServerProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), 'write-cache-heap-'));
    dirs.push(dataDir);
    const server = await startServerProcess({
      DATA_DIR: dataDir,
      API_KEYS: `ops:operator:${OPERATOR}`,
      ...env,
    });
    servers.push(server);
    return server;
  }

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const budget = async (server: ServerProcess): Promise<number> =>
    metric(await (await checkedFetch(`${server.url}/metrics`)).text(), 'tracker_write_cache_budget_bytes');

  /** A command, then a read that waits for it: the server works. */
  async function commandAndRead(server: ServerProcess): Promise<void> {
    const headers = { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' };
    const created = await checkedFetch(`${server.url}/programs`, {
      method: 'POST',
      headers,
      body: JSON.stringify(programBody('heap')),
    });
    expect(created.status).toBe(201);
    const { position } = (await created.json()) as { position: number };
    const read = await checkedFetch(`${server.url}/programs/heap/progress?minPosition=${position}`, {
      headers,
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ programId: 'heap' });
  }

  it("works with the launcher's limit for WRITE_CACHE_MB, and the cache has its whole budget", async () => {
    const server = await start({
      WRITE_CACHE_MB: '256',
      NODE_OPTIONS: `--max-old-space-size=${heapLimitMbFor(256)}`,
    });
    await commandAndRead(server);
    expect(await budget(server)).toBe(256 * MIB);
    expect(server.output()).not.toContain('Write cache:');
  });

  it('works under a smaller limit, with the cache held to what it leaves, and says so at start', async () => {
    const server = await start({ WRITE_CACHE_MB: '1024', NODE_OPTIONS: '--max-old-space-size=320' });
    await commandAndRead(server);
    const held = await budget(server);
    expect(held).toBeGreaterThanOrEqual((320 - 256) * MIB);
    expect(held).toBeLessThan(1024 * MIB);
    expect(server.output()).toContain(
      `Write cache: ${Math.floor(held / MIB)} MB instead of WRITE_CACHE_MB=1024`,
    );
  });
});
