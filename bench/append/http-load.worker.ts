import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { sendRequest } from '../support/loopback-request';
import { serveLoopbackJobs } from '../support/loopback-worker';
import type { LoadJob, LoadResult } from './http-load';

/** The load generator's thread: see LoadGenerator. */

async function runLoad(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.origin);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let completed = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const start = performance.now();
  const deadline = start + job.durationMs;
  const client = async (paths: string[]): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const path of paths) {
        if (performance.now() >= deadline) return;
        const sent = performance.now();
        let outcome: string;
        try {
          const answer = await sendRequest(agent, url, 'POST', path, job);
          latencies.push(performance.now() - sent);
          outcome = String(answer.status);
          if (answer.status === 201) completed++;
          else {
            failed++;
            firstFailure ??= `${answer.status} ${path}: ${answer.body.toString().slice(0, 300)}`;
          }
        } catch (error) {
          outcome = 'error';
          failed++;
          firstFailure ??= `${path}: ${error instanceof Error ? error.message : String(error)}`;
        }
        statuses[outcome] = (statuses[outcome] ?? 0) + 1;
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(job.clients.map((c) => client(c.paths)));
  const elapsedMs = performance.now() - start;
  return { completed, failed, statuses, firstFailure, elapsedMs, latencies: Float64Array.from(latencies) };
}

serveLoopbackJobs(runLoad);
