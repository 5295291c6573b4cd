import { Agent, request } from 'node:http';

/** What every request of a job carries (a job's own fields, typically). */
export interface RequestOptions {
  headers: Record<string, string>;
  /** Sent with its content-length; none for a GET. */
  body?: string;
  /** The request fails when no answer came within this long. */
  timeoutMs: number;
}

export interface LoopbackAnswer {
  status: number;
  body: Buffer;
}

/** One request over `agent` (keep-alive, one socket per client), answered with the whole body. */
export function sendRequest(
  agent: Agent,
  url: URL,
  method: 'GET' | 'POST',
  path: string,
  { headers, body, timeoutMs }: RequestOptions,
): Promise<LoopbackAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
