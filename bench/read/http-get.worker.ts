import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { sendRequest } from '../support/loopback-request';
import { serveLoopbackJobs } from '../support/loopback-worker';
import type { GetJob, GetResult } from './http-get';

/** The GET client's thread: see GetClient. */

async function runGets(job: GetJob): Promise<GetResult> {
  const url = new URL(job.origin);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  let lastBytes = 0;
  const start = performance.now();
  try {
    for (const [index, path] of job.paths.entries()) {
      if (job.clock) Atomics.store(job.clock.ticks, 0, job.clock.first + index);
      const sent = performance.now();
      try {
        const answer = await sendRequest(agent, url, 'GET', path, job);
        const elapsed = performance.now() - sent;
        lastBytes = answer.body.length;
        if (answer.status === 200) latencies.push(elapsed);
        else {
          failed++;
          firstFailure ??= `${answer.status} ${path}: ${answer.body.toString().slice(0, 300)}`;
        }
      } catch (error) {
        failed++;
        firstFailure ??= `${path}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  } finally {
    agent.destroy();
  }
  const elapsedMs = performance.now() - start;
  return { latencies: Float64Array.from(latencies), failed, firstFailure, lastBytes, elapsedMs };
}

serveLoopbackJobs(runGets);
