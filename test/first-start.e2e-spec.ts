import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkedFetch } from './support/checked-fetch';
import { startServerProcess } from './support/server-process';

/** Keys printed on the first start: `  <role> <name> <key>`. */
function printedKeys(output: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const match of output.matchAll(/^\s+(operator|viewer|auditor)\s+\S+\s+(mt_\S+)$/gm))
    keys[match[1]] = match[2];
  return keys;
}

async function post(url: string, key: string, body: unknown): Promise<number> {
  const response = await checkedFetch(`${url}/programs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

const program = (programId: string) => ({
  programId,
  name: 'First start',
  sourceRegion: 'cn-north',
  deadline: '2014-10-31T23:59:59+08:00',
  dataCategories: ['contacts'],
});

describe('first start without configured keys', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-first-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates one key per role, prints them once, stores only hashes, and keeps them across restarts', async () => {
    const first = await startServerProcess({ DATA_DIR: dataDir, API_KEYS: '' });
    const keys = printedKeys(first.output());
    try {
      expect(Object.keys(keys).sort()).toEqual(['auditor', 'operator', 'viewer']);
      expect(await post(first.url, keys.operator, program('first'))).toBe(201);
      expect(await post(first.url, keys.viewer, program('second'))).toBe(403);
    } finally {
      await first.stop();
    }

    const stored = readFileSync(join(dataDir, 'api-keys.json'), 'utf8');
    for (const key of Object.values(keys)) expect(stored).not.toContain(key);
    expect(JSON.parse(stored).keys).toHaveLength(3);

    const second = await startServerProcess({ DATA_DIR: dataDir, API_KEYS: '' });
    try {
      expect(printedKeys(second.output())).toEqual({});
      expect(await post(second.url, keys.operator, program('third'))).toBe(201);
      const events = await checkedFetch(`${second.url}/events`, {
        headers: { authorization: `Bearer ${keys.auditor}` },
      });
      expect(((await events.json()) as any).events.map((e: any) => e.data.programId)).toEqual([
        'first',
        'third',
      ]);
    } finally {
      await second.stop();
    }
  });
});
