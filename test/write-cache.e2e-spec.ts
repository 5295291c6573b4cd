import { expectPost, programBody } from './support/fixtures';
import { TestServer } from './support/test-server';

/**
 * The writer's cache of folded states only saves work: a market evicted from it (here every one, at once,
 * with `WRITE_CACHE_MB=0`) is folded again from its first event, and every command answers as it does on a
 * server that keeps it. The same story is told to both servers and their answers compared.
 */
const P = '/programs/cache';
const M = `${P}/markets/IN`;

type Step = { path: string; body?: unknown; ifMatch?: string };

/** Each step's status, error code and details, or its revision: what a client sees, positions aside. */
async function tell(server: TestServer, steps: Step[]): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const { path, body, ifMatch } of steps) {
    const answer = await server.post(path, body, ifMatch ? { headers: { 'if-match': ifMatch } } : {});
    const { error, details, revision } = (answer.body ?? {}) as Record<string, unknown>;
    answers.push({ path, status: answer.status, error, details, revision });
  }
  return answers;
}

const STORY: Step[] = [
  { path: `${M}/start` },
  { path: `${M}/batches/b1/copied`, body: { users: 300 } },
  { path: `${M}/batches/b2/copied`, body: { users: 300, bytes: 99 } },
  { path: `${M}/batches/b3/copied`, body: { users: 300 } },
  { path: `${M}/batches/b1/verified`, body: {} },
  { path: `${M}/batches/b1/verified`, body: {} },
  { path: `${M}/batches/b2/failed`, body: { reason: 'checksum mismatch' } },
  { path: `${M}/batches/b3/copied`, body: { users: 300 } },
  { path: `${M}/batches/b4/copied`, body: { users: 500 } },
  { path: `${M}/cutover` },
  { path: `${M}/batches/b2/copied`, body: { users: 250 } },
  { path: `${M}/batches/b3/verified`, body: {}, ifMatch: '3' },
  { path: `${M}/batches/b3/verified`, body: {}, ifMatch: '7' },
  { path: `${M}/batches/b2/verified`, body: {} },
  { path: `${M}/batches/b9/verified`, body: {} },
  { path: `${M}/cutover` },
  { path: `${M}/scope`, body: { usersInScope: 850, reason: 'accounts closed' } },
  { path: `${M}/cutover` },
];

async function metric(server: TestServer, name: string): Promise<number> {
  const text = (await server.get('/metrics', { key: null })).text;
  const line = text.split('\n').find((row) => row.startsWith(`${name} `));
  if (line === undefined) throw new Error(`no ${name} in /metrics`);
  return Number(line.split(' ')[1]);
}

describe('a command on a market evicted from the write cache', () => {
  let keeping: TestServer;
  let evicting: TestServer;

  beforeAll(async () => {
    [keeping, evicting] = await Promise.all([
      TestServer.start(),
      TestServer.start({ env: { WRITE_CACHE_MB: '0' } }),
    ]);
    for (const server of [keeping, evicting]) {
      await expectPost(server, '/programs', programBody('cache', { deadline: '2099-12-31T23:59:59Z' }));
      await expectPost(server, `${P}/markets`, { market: 'IN', targetRegion: 'us-east', usersInScope: 1000 });
    }
  });

  afterAll(async () => {
    await Promise.all([keeping?.stop(), evicting?.stop()]);
  });

  it('answers as it does on a server that keeps the market: refusals, revisions, If-Match, cutover', async () => {
    const kept = await tell(keeping, STORY);
    const refolded = await tell(evicting, STORY);
    expect(refolded).toEqual(kept);
    // The story means something: refusals on the batches' states, then a cutover once everything is verified.
    expect(kept.map((answer) => (answer as { status: number }).status)).toEqual([
      201, 201, 201, 201, 201, 409, 201, 409, 409, 409, 201, 409, 201, 201, 409, 409, 201, 201,
    ]);
    expect(kept[8]).toMatchObject({ error: 'scope_exceeded' });
    expect(kept[9]).toMatchObject({ error: 'unverified_batches_pending', details: { batchIds: ['b3'] } });
    expect(kept[11]).toMatchObject({ error: 'revision_conflict' });
    expect(kept[17]).toMatchObject({ status: 201, revision: 11 });
  });

  it('was evicted: the evicting server keeps nothing and counts its evictions, the other keeps its streams', async () => {
    expect(await metric(evicting, 'tracker_write_cache_entries')).toBe(0);
    expect(await metric(evicting, 'tracker_write_cache_bytes')).toBe(0);
    expect(await metric(evicting, 'tracker_write_cache_evictions_total')).toBeGreaterThanOrEqual(
      STORY.length,
    );
    expect(await metric(keeping, 'tracker_write_cache_entries')).toBe(2);
    expect(await metric(keeping, 'tracker_write_cache_bytes')).toBeGreaterThan(2 * 1024);
    expect(await metric(keeping, 'tracker_write_cache_evictions_total')).toBe(0);
    // Their budgets: WRITE_CACHE_MB (the default 256 here; the test process's heap limit leaves room for it).
    expect(await metric(evicting, 'tracker_write_cache_budget_bytes')).toBe(0);
    expect(await metric(keeping, 'tracker_write_cache_budget_bytes')).toBe(256 * 1024 * 1024);
  });
});
