import { chaosContract } from './chaos-contract';

/** What came back for one HTTP request: an answer, or nothing (connection refused or reset, no response). */
export type Outcome =
  { answered: true; status: number; body: any; replayed: boolean } | { answered: false; error: string };

/** A request the server may sit on (a stall would be a bug of its own) counts as unanswered after this. */
const NO_ANSWER_AFTER_MS = 30_000;

export interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  key: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call(baseUrl: string, request: HttpCall): Promise<Outcome> {
  const headers: Record<string, string> = { authorization: `Bearer ${request.key}`, ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(NO_ANSWER_AFTER_MS),
    });
    // The body is part of the answer: a connection cut while it arrives leaves the request unanswered.
    const text = await response.text();
    const { method, path } = request;
    await chaosContract.record(baseUrl, {
      method,
      path,
      status: response.status,
      headers: response.headers,
      text,
    });
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: kept as text for the report.
    }
    return {
      answered: true,
      status: response.status,
      body,
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { answered: false, error: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}
