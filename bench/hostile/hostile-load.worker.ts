import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '@app/scenario';
import { sendRequest } from '../support/loopback-request';
import { serveLoopbackJobs } from '../support/loopback-worker';
import type { HostileJob, HostileResult } from './hostile-load';

/** The hostile clients' thread: see HostileLoad. */

type Kind = 'as-of' | 'market as-of' | 'diff' | 'live';
/** What each client cycles through: mostly replays (each at new instants), live progress now and then. */
const MIX: Kind[] = ['as-of', 'market as-of', 'diff', 'as-of', 'live'];
const MINUTE = 60_000;

function pathOf(kind: Kind, job: HostileJob, random: () => number): string {
  const instant = () =>
    new Date(job.fromMs + Math.floor((random() * (job.toMs - job.fromMs)) / MINUTE) * MINUTE).toISOString();
  const basis = random() < 0.5 ? 'recorded' : 'occurred';
  const program = `/programs/${job.programId}`;
  switch (kind) {
    case 'as-of':
      return `${program}/progress?asOf=${instant()}&basis=${basis}`;
    case 'market as-of': {
      const market = job.markets[Math.floor(random() * job.markets.length)];
      return `${program}/markets/${market}/progress?asOf=${instant()}&basis=${basis}`;
    }
    case 'diff': {
      const [a, b] = [instant(), instant()].sort();
      return `${program}/diff?from=${a}&to=${b}&basis=${basis}`;
    }
    case 'live':
      return `${program}/progress`;
  }
}

/**
 * Answers other than 200 that are fine: a refusal for load (503 or 429 naming `retryAfterSeconds`) or a
 * client error (a market not yet enrolled at that instant: 404), in the JSON error shape.
 */
function isDocumented(status: number, body: Buffer): boolean {
  if (status >= 500 && status !== 503) return false;
  try {
    const parsed = JSON.parse(body.toString()) as {
      error?: unknown;
      details?: { retryAfterSeconds?: unknown };
    };
    if (typeof parsed.error !== 'string') return false;
    const refusal = status === 503 || status === 429;
    return !refusal || typeof parsed.details?.retryAfterSeconds === 'number';
  } catch {
    return false;
  }
}

async function runClient(job: HostileJob, client: number, result: HostileResult, latencies: number[]) {
  const url = new URL(job.origin);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const random = seededRandom(job.seed * 1_000 + client);
  try {
    for (let i = client; Atomics.load(job.stop, 0) === 0; i++) {
      const kind = MIX[i % MIX.length];
      const path = pathOf(kind, job, random);
      const sent = performance.now();
      try {
        const answer = await sendRequest(agent, url, 'GET', path, job);
        latencies.push(performance.now() - sent);
        const key = `${kind} ${answer.status}`;
        result.statuses[key] = (result.statuses[key] ?? 0) + 1;
        if (answer.status !== 200 && !isDocumented(answer.status, answer.body)) {
          result.failed++;
          result.firstFailure ??= `${answer.status} ${path}: ${answer.body.toString().slice(0, 300)}`;
        }
      } catch (error) {
        result.failed++;
        result.firstFailure ??= `${path}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  } finally {
    agent.destroy();
  }
}

async function runHostile(job: HostileJob): Promise<HostileResult> {
  const result: HostileResult = { latencies: new Float64Array(0), statuses: {}, failed: 0, elapsedMs: 0 };
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: job.clients }, (_, client) => runClient(job, client, result, latencies)),
  );
  result.elapsedMs = performance.now() - start;
  result.latencies = Float64Array.from(latencies);
  return result;
}

serveLoopbackJobs(runHostile);
