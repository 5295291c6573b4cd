import { isDeepStrictEqual } from 'node:util';
import { checkedFetch } from '../support/checked-fetch';
import { check, type CheckResult } from './chaos-checks';

/** How often the comparison is tried when the answers changed with the time of asking meanwhile. */
const TRIES = 5;

type Views = Map<string, unknown>;

/**
 * Fields that are the instant of asking rather than what the read models hold: `asOf` is when the answer was
 * computed (the ETag ignores it too); `projectedFinish` is now + remaining / throughput, to the millisecond,
 * so it is compared to the minute (the before/after reads below absorb a minute passing).
 */
const withoutInstantOfAsking = (body: unknown): unknown =>
  JSON.parse(
    JSON.stringify(body, (key, value: unknown) =>
      key === 'asOf'
        ? undefined
        : key === 'projectedFinish' && typeof value === 'string'
          ? value.slice(0, 16)
          : value,
    ),
  );

async function get(url: string, key: string, path: string, head: number): Promise<unknown> {
  const separator = path.includes('?') ? '&' : '?';
  for (let attempt = 1; ; attempt++) {
    const answer = await checkedFetch(`${url}${path}${separator}minPosition=${head}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    // 503: the read models have not reached the log's head yet (a full rebuild takes a moment).
    if (answer.status === 503 && attempt < 10) continue;
    if (answer.status !== 200)
      throw new Error(`GET ${path} answered ${answer.status}: ${await answer.text()}`);
    return withoutInstantOfAsking(await answer.json());
  }
}

/** Everything the read side answers about every program: list, progress, timelines, each market's views. */
async function views(url: string, key: string, head: number): Promise<Views> {
  const all: Views = new Map();
  const read = async (path: string) => {
    const body = await get(url, key, path, head);
    all.set(path, body);
    return body as any;
  };
  const { programs } = await read('/programs');
  for (const { programId } of programs) {
    const p = `/programs/${programId}`;
    const progress = await read(`${p}/progress`);
    await read(`${p}/timeline?limit=500`);
    for (const { market } of progress.markets) {
      await read(`${p}/markets/${market}/progress`);
      await read(`${p}/markets/${market}/series`);
      await read(`${p}/timeline?market=${market}&limit=500`);
    }
  }
  return all;
}

/** The first place two JSON values differ, as a path, with both values. */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference((a as any)[key], (b as any)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return `${path || '(root)'}: ${JSON.stringify(a)?.slice(0, 300)} != ${JSON.stringify(b)?.slice(0, 300)}`;
}

/**
 * The read models of the server that lived through the kills equal those of a server that built them from
 * scratch out of the same log. Some fields depend on when they are asked (days left, status against the
 * deadline), so the rebuilt views are read before and after the live ones: when those two agree, nothing
 * time-driven changed in between and the live views must equal them exactly.
 */
export async function checkReadModels(
  liveUrl: string,
  rebuiltUrl: string,
  key: string,
  head: number,
): Promise<CheckResult> {
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    const before = await views(rebuiltUrl, key, head);
    const live = await views(liveUrl, key, head);
    const after = await views(rebuiltUrl, key, head);
    if (!isDeepStrictEqual(before, after)) continue;
    const problems: string[] = [];
    for (const path of new Set([...before.keys(), ...live.keys()])) {
      const difference = firstDifference(live.get(path), before.get(path));
      if (difference) problems.push(`GET ${path} differs at ${difference} (live != rebuilt)`);
    }
    const programs = ((before.get('/programs') as any)?.programs ?? []).length;
    return check(
      'read models equal a full rebuild',
      `${before.size} views of ${programs} programs compared at position ${head}`,
      problems,
    );
  }
  return check('read models equal a full rebuild', 'not compared', [
    `the rebuilt server's answers kept changing between two reads (${TRIES} tries)`,
  ]);
}
