import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkedFetch } from './support/checked-fetch';
import { referenceSteps, PROGRAM_ID, MARKETS } from './support/reference-scenario';
import { startServerProcess, type ServerProcess } from './support/server-process';

const OPERATOR = 'recovery-operator-key';
const VIEWER = 'recovery-viewer-key';
const AUDITOR = 'recovery-auditor-key';
const ENV = { API_KEYS: `ops:operator:${OPERATOR},view:viewer:${VIEWER},audit:auditor:${AUDITOR}` };
const P = `/programs/${PROGRAM_ID}`;
/** The server is killed once this many steps were answered, or the test fails after KILL_AFTER_MS. */
const KILL_AFTER_STEPS = 300;
const KILL_AFTER_MS = 30_000;

async function call(
  server: ServerProcess,
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<Response> {
  return checkedFetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

/** The last position of the log, as the auditor sees it. */
async function head(server: ServerProcess): Promise<number> {
  let from = 0;
  for (;;) {
    const page = (await (
      await call(server, 'GET', `/events?fromPosition=${from}&limit=1000`, AUDITOR)
    ).json()) as any;
    if (page.events.length === 0) return from;
    from = page.nextPosition;
  }
}

/** Everything the read models say about the program, without what depends on the instant it is asked. */
async function readModels(server: ServerProcess): Promise<unknown> {
  const position = await head(server);
  const get = async (path: string) => {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await call(server, 'GET', `${path}${separator}minPosition=${position}`, VIEWER);
    expect(answer.status).toBe(200);
    return answer.json() as Promise<any>;
  };
  const progress = await get(`${P}/progress`);
  const markets = progress.markets.map(
    ({
      reasons: _r,
      daysLeft: _d,
      requiredRatePerDay: _q,
      projectedFinish: _f,
      status: _s,
      stale: _t,
      throughputPerDay: _p,
      ...rest
    }: any) => rest,
  );
  const series = await Promise.all(MARKETS.map((m) => get(`${P}/markets/${m.market}/series`)));
  const timeline = await get(`${P}/timeline?limit=500`);
  return { position, totals: progress.totals.verifiedUsers, markets, series, timeline };
}

describe('read models after kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-recovery-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('equal a full rebuild after the server is killed in the middle of a stream of steps', async () => {
    const steps = referenceSteps();
    const first = await startServerProcess({ ...ENV, DATA_DIR: dataDir });
    let posted = 0;
    const writer = (async () => {
      for (const step of steps) {
        const answer = await call(first, 'POST', step.path, OPERATOR, {
          ...step.body,
          occurredAt: step.at,
        }).catch(() => undefined);
        if (!answer) return;
        expect(answer.status).toBe(201);
        posted++;
      }
    })();
    let writerEnded = false;
    void writer.then(
      () => (writerEnded = true),
      () => (writerEnded = true),
    );
    // Bounded, and ended by a writer that stops early (a refused step): the kill must land mid-stream.
    const deadline = Date.now() + KILL_AFTER_MS;
    while (posted < KILL_AFTER_STEPS && !writerEnded && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const stoppedEarly = writerEnded;
    await first.kill();
    await writer; // a refused step fails the test here, with its own message
    if (posted < KILL_AFTER_STEPS) {
      throw new Error(
        `${posted} steps posted ${stoppedEarly ? 'when the writer stopped' : `in ${KILL_AFTER_MS} ms`}; ` +
          `the kill was to come after ${KILL_AFTER_STEPS}`,
      );
    }

    const restarted = await startServerProcess({ ...ENV, DATA_DIR: dataDir });
    let afterRestart: unknown;
    try {
      afterRestart = await readModels(restarted);
    } finally {
      await restarted.stop();
    }
    rmSync(join(dataDir, 'projections.sqlite'), { force: true });
    rmSync(join(dataDir, 'projections.sqlite-wal'), { force: true });
    rmSync(join(dataDir, 'projections.sqlite-shm'), { force: true });

    const rebuilt = await startServerProcess({ ...ENV, DATA_DIR: dataDir });
    try {
      expect(await readModels(rebuilt)).toEqual(afterRestart);
    } finally {
      await rebuilt.stop();
    }
    expect((afterRestart as { position: number }).position).toBeGreaterThanOrEqual(KILL_AFTER_STEPS);
  });
});
