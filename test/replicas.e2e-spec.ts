import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './support/eventually';
import { programBody } from './support/fixtures';
import { checkedFetch } from './support/checked-fetch';
import { startServerProcess, type ServerProcess } from './support/server-process';

const OPERATOR = 'replicas-operator-key';
const VIEWER = 'replicas-viewer-key';
const AUDITOR = 'replicas-auditor-key';
const P = '/programs/intl-2014';
const IN = `${P}/markets/IN`;

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(
  server: ServerProcess,
  method: 'GET' | 'POST',
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const key = options.key ?? (method === 'POST' ? OPERATOR : AUDITOR);
  const response = await checkedFetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: method === 'POST' ? JSON.stringify(options.body ?? {}) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

async function post(server: ServerProcess, path: string, body: unknown = {}, headers = {}): Promise<Answer> {
  const answer = await call(server, 'POST', path, { body, headers });
  if (answer.status !== 201 && answer.status !== 409)
    throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer;
}

/** The whole log, as an auditor reads it from one replica. */
async function log(server: ServerProcess): Promise<any[]> {
  const events: any[] = [];
  for (let from = 0; ;) {
    const page = (await call(server, 'GET', `/events?fromPosition=${from}&limit=1000`)).body;
    if (page.events.length === 0) return events;
    events.push(...page.events);
    from = page.nextPosition;
  }
}

/** `asOf` is the instant each replica answered at; everything else must be the same on both. */
function withoutAsOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAsOf);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'asOf')
      .map(([key, inner]) => [key, withoutAsOf(inner)]),
  );
}

async function readModels(server: ServerProcess, minPosition: number): Promise<unknown> {
  const get = async (path: string) => {
    const answer = await call(
      server,
      'GET',
      `${path}${path.includes('?') ? '&' : '?'}minPosition=${minPosition}`,
      {
        key: VIEWER,
      },
    );
    expect(answer.status).toBe(200);
    return withoutAsOf(answer.body);
  };
  return {
    progress: await get(`${P}/progress`),
    market: await get(`${IN}/progress`),
    timeline: await get(`${P}/timeline?limit=500`),
  };
}

/**
 * Two tracker processes on one embedded store (one DATA_DIR, one events file in WAL mode), each with read
 * models of its own (READ_MODEL_DIR), behave as one service: expected revisions hold across processes,
 * an idempotent retry on the other replica replays the first answer, a write on one is readable on the
 * other with ?minPosition=, and both sign checkpoints into one chain.
 */
describe('two replicas on one store', () => {
  const root = mkdtempSync(join(tmpdir(), 'tracker-replicas-'));
  const env = (name: string) => ({
    API_KEYS: `ops:operator:${OPERATOR},view:viewer:${VIEWER},audit:auditor:${AUDITOR}`,
    DATA_DIR: join(root, 'shared'),
    READ_MODEL_DIR: join(root, `read-models-${name}`),
    // Small, so that both replicas' schedulers sign checkpoints while the test writes.
    CHECKPOINT_EVERY_EVENTS: '4',
    TRACKER_NOW: '2014-06-01T08:00:00Z',
  });
  let a: ServerProcess;
  let b: ServerProcess;
  /** Every answer that wrote (not replays), in the order received. */
  const written: Answer[] = [];
  const wrote = (answer: Answer) => {
    if (answer.status === 201 && answer.headers.get('idempotent-replayed') !== 'true') written.push(answer);
    return answer;
  };

  beforeAll(async () => {
    // Started together on an empty data dir: both create the store, neither's first start may spoil the other's.
    [a, b] = await Promise.all([startServerProcess(env('a')), startServerProcess(env('b'))]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    rmSync(root, { recursive: true, force: true });
  });

  it('writes through both replicas, the same market from both', async () => {
    wrote(await post(a, '/programs', programBody('intl-2014')));
    wrote(await post(b, `${P}/markets`, { market: 'IN', targetRegion: 'us-east', usersInScope: 100_000 }));
    wrote(await post(a, `${IN}/start`));
    // Without If-Match a writer that lost the race to the other process retries on the fresh state.
    const answers = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        post(i % 2 ? a : b, `${IN}/batches/both-${i}/copied`, { users: 10 }).then(wrote),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(80).fill(201));
    const revisions = answers.map((answer) => answer.body.revision).sort((x, y) => x - y);
    expect(new Set(revisions).size).toBe(80);
    expect(revisions.at(-1) - revisions[0]).toBe(79);
  });

  it('holds If-Match across replicas: a stale revision gets 409 on either, one of two racers wins', async () => {
    const head = (await call(a, 'GET', `${IN}/events?limit=1000`)).body.events.at(-1).revision;
    const fresh = wrote(
      await post(b, `${IN}/batches/match-1/copied`, { users: 5 }, { 'if-match': String(head) }),
    );
    expect(fresh.status).toBe(201);
    for (const server of [a, b]) {
      const stale = await post(
        server,
        `${IN}/batches/stale/copied`,
        { users: 5 },
        { 'if-match': String(head) },
      );
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ error: 'revision_conflict' });
    }
    for (let round = 0; round < 5; round++) {
      const current = String((await call(b, 'GET', `${IN}/events?limit=1000`)).body.events.at(-1).revision);
      const racers = await Promise.all(
        [a, b].map((server, i) =>
          post(server, `${IN}/batches/race-${round}-${i}/copied`, { users: 1 }, { 'if-match': current }).then(
            wrote,
          ),
        ),
      );
      expect(racers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    }
  });

  it('replays a keyed request retried on the other replica, and writes it once', async () => {
    const headers = { 'idempotency-key': 'replicas-retry-1' };
    const first = wrote(await post(a, `${IN}/batches/keyed-1/copied`, { users: 7 }, headers));
    expect(first.status).toBe(201);
    const retry = await post(b, `${IN}/batches/keyed-1/copied`, { users: 7 }, headers);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);

    // The same key sent to both at once: one answer, one write; then each replica writes on from there (a
    // replica that kept the hash of events it built but did not store would break the chain here).
    for (let round = 0; round < 4; round++) {
      const twice = { 'idempotency-key': `replicas-pair-${round}` };
      const pair = await Promise.all(
        [a, b].map((server) => post(server, `${IN}/batches/keyed-pair-${round}/copied`, { users: 3 }, twice)),
      );
      expect(pair.map((answer) => answer.status)).toEqual([201, 201]);
      expect(pair[1].body).toEqual(pair[0].body);
      written.push(pair[0]);
      for (const server of [a, b])
        wrote(
          await post(server, `${IN}/batches/after-pair-${round}-${server === a ? 'a' : 'b'}/copied`, {
            users: 1,
          }),
        );
    }
  });

  it('reads its writes on the other replica with ?minPosition=', async () => {
    for (let i = 0; i < 6; i++) {
      const [writer, reader] = i % 2 ? [a, b] : [b, a];
      const answer = wrote(await post(writer, `${IN}/batches/ryw-${i}/copied`, { users: 1 }));
      const read = await call(reader, 'GET', `${IN}/progress?minPosition=${answer.body.position}`, {
        key: VIEWER,
      });
      expect(read.status).toBe(200);
      expect(read.body.position).toBeGreaterThanOrEqual(answer.body.position);
      const timeline = await call(
        reader,
        'GET',
        `${P}/timeline?limit=500&minPosition=${answer.body.position}`,
        {
          key: VIEWER,
        },
      );
      expect(JSON.stringify(timeline.body)).toContain(`ryw-${i}`);
    }
  });

  it('follows the other replica without being asked: its read models reach the head of the log', async () => {
    const last = wrote(await post(a, `${IN}/batches/follow/copied`, { users: 1 }));
    await eventually(
      () => call(b, 'GET', '/admin/projections', { key: AUDITOR }),
      (answer) =>
        answer.body.projections.every(
          (projection: any) => Number(projection.checkpoint) >= last.body.position,
        ),
    );
  });

  it('signs checkpoints from both replicas into one chain, verified on both', async () => {
    const fromA = await post(a, '/audit/checkpoints');
    wrote(await post(b, `${IN}/batches/after-a/copied`, { users: 1 }));
    const fromB = await post(b, '/audit/checkpoints');
    expect([fromA.status, fromB.status]).toEqual([201, 201]);
    expect(fromB.body.sequence).toBeGreaterThan(fromA.body.sequence);

    const chains = await Promise.all(
      [a, b].map(
        async (server) => (await call(server, 'GET', '/audit/checkpoints?limit=1000')).body.checkpoints,
      ),
    );
    expect(chains[1]).toEqual(chains[0]);
    const sequences = chains[0].map((checkpoint: any) => checkpoint.sequence).reverse();
    expect(sequences).toEqual(sequences.map((_: number, i: number) => i + 1));
    expect(new Set(chains[0].map((checkpoint: any) => checkpoint.keyId)).size).toBe(1);

    for (const server of [a, b]) {
      const report = (await call(server, 'GET', '/audit/verify')).body;
      expect(report).toMatchObject({ ok: true });
      expect(report.breaks ?? []).toEqual([]);
    }
  });

  it('carries out a projection rebuild taken on one replica on the other as well', async () => {
    const generation = async (server: ServerProcess) =>
      (await call(server, 'GET', '/admin/projections')).body.projections.find(
        (projection: any) => projection.name === 'market-progress',
      ).generation as number;
    const before = { a: await generation(a), b: await generation(b) };
    const started = await call(a, 'POST', '/admin/projections/market-progress/rebuild');
    expect(started.status).toBe(202);
    await eventually(
      () => generation(b),
      (value) => value === before.b + 1,
    );
    await eventually(
      () => generation(a),
      (value) => value === before.a + 1,
    );
  });

  it('holds every step once in the log, and the same read models on both replicas', async () => {
    const events = await log(a);
    expect(await log(b)).toEqual(events);
    const steps = events.filter(
      (event) => !event.streamId.startsWith('$') && !event.streamId.startsWith('audit'),
    );
    const positions = new Set(written.map((answer) => answer.body.position));
    expect(steps.map((event) => event.position).sort((x, y) => x - y)).toEqual(
      [...positions].sort((x, y) => x - y),
    );
    const batches = steps.filter((event) => event.type === 'BatchCopied').map((event) => event.data.batchId);
    expect(new Set(batches).size).toBe(batches.length);

    const head = events.at(-1).position;
    expect(await readModels(b, head)).toEqual(await readModels(a, head));
  });
});
