import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { GetJob, GetResult } from './http-get';

/** The GET client's thread: see GetClient. */

interface Answer {
  status: number;
  body: Buffer;
}

function get(agent: Agent, url: URL, path: string, job: GetJob): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: 'GET',
        headers: job.headers,
        timeout: job.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${job.timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

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
        const answer = await get(agent, url, path, job);
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

parentPort?.on('message', (message: { id: number; job: GetJob }) => {
  void runGets(message.job).then((result) =>
    parentPort?.postMessage({ id: message.id, result }, [result.latencies.buffer as ArrayBuffer]),
  );
});
