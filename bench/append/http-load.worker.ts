import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { LoadJob, LoadResult } from './http-load';

/** The load generator's thread: see LoadGenerator. */

interface Answer {
  status: number;
  text: string;
}

function post(agent: Agent, url: URL, path: string, job: LoadJob): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: { ...job.headers, 'content-length': Buffer.byteLength(job.body) },
        timeout: job.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${job.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(job.body);
  });
}

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
          const answer = await post(agent, url, path, job);
          latencies.push(performance.now() - sent);
          outcome = String(answer.status);
          if (answer.status === 201) completed++;
          else {
            failed++;
            firstFailure ??= `${answer.status} ${path}: ${answer.text.slice(0, 300)}`;
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

parentPort?.on('message', (message: { id: number; job: LoadJob }) => {
  void runLoad(message.job).then((result) =>
    parentPort?.postMessage({ id: message.id, result }, [result.latencies.buffer as ArrayBuffer]),
  );
});
