import { createTrackerClient, type TrackerApi } from '@app/api-client';
import { redactUrl } from '../config/cli-config';
import { CliError, EXIT, exitCodeForStatus } from './exit-codes';

export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface ErrorBody {
  error?: string;
  message?: string;
  details?: { fields?: { field: string; problems: string[] }[] } & Record<string, unknown>;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** What a call of the typed client settles to (openapi-fetch's result, reduced to what is read here). */
export interface TypedResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The tracker's HTTP API: `api` is the client generated from the API's OpenAPI document (libs/api-client), so
 * routes, parameters and answers are checked at compile time; `ok` turns its failures into CliErrors. The raw
 * `request`/`call`/`download` remain for what the document types loosely (imports of arbitrary rows, streams).
 */
export class TrackerClient {
  readonly api: TrackerApi;
  /** The request each answer of `api` came from, for the error message. */
  private readonly requests = new WeakMap<Response, Request>();

  constructor(
    readonly url: string,
    private readonly key: string | undefined,
  ) {
    this.api = createTrackerClient(url, key, { fetch: (request) => this.send(request) });
  }

  private async send(request: Request): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(request);
    } catch (error) {
      throw this.unreachable(error);
    }
    this.requests.set(response, request);
    return response;
  }

  private unreachable(error: unknown): CliError {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new CliError(
      this.scrub(`cannot reach the tracker at ${redactUrl(this.url)}${cause}`),
      EXIT.server,
    );
  }

  /** The answer of a typed call when it is a 2xx; any other becomes a CliError carrying the server's message. */
  async ok<T>(call: Promise<TypedResult<T>> | TypedResult<T>): Promise<{ body: T; headers: Headers }> {
    let result: TypedResult<T>;
    try {
      result = await call;
    } catch (failure) {
      // Raised before any request left (a URL with credentials cannot make a Request): never print its text.
      throw failure instanceof CliError ? failure : this.unreachable(failure);
    }
    const { data, error, response } = result;
    if (response.ok) return { body: data as T, headers: response.headers };
    const request = this.requests.get(response);
    const method = request?.method ?? 'GET';
    const path = request ? new URL(request.url).pathname + new URL(request.url).search : response.url;
    const text = typeof error === 'string' ? error : JSON.stringify(error ?? '');
    const answer = { status: response.status, body: error, text, headers: response.headers };
    throw new CliError(this.scrub(describeError(method, path, answer)), exitCodeForStatus(response.status));
  }

  /** A message safe to print: neither the key nor a user or password of the URL in it. */
  private scrub(text: string): string {
    const withoutKey = this.key ? text.split(this.key).join('***') : text;
    return withoutKey.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@');
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(new URL(path, this.url), { method, headers, body, signal: options.signal });
    } catch (error) {
      throw this.unreachable(error);
    }
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  }

  /** A GET whose body is streamed (exports); a failed answer becomes a CliError. */
  async download(path: string): Promise<ReadableStream<Uint8Array>> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.url), {
        headers: this.key ? { authorization: `Bearer ${this.key}` } : {},
      });
    } catch {
      throw new CliError(`cannot reach the tracker at ${redactUrl(this.url)}`, EXIT.server);
    }
    if (response.ok && response.body) return response.body;
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    throw new CliError(
      describeError('GET', path, { status: response.status, body, text, headers: response.headers }),
      exitCodeForStatus(response.status),
    );
  }

  /** Like `request`, but any answer other than 2xx becomes a CliError carrying the server's message. */
  async call<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
    const answer = await this.request<T>(method, path, options);
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw new CliError(this.scrub(describeError(method, path, answer)), exitCodeForStatus(answer.status));
  }
}

/** `400 invalid_input: ...` followed by one line per field at fault. */
export function describeError(method: string, path: string, answer: Answer): string {
  const body = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as ErrorBody;
  if (answer.status === 404 && !body.error) {
    return `${method} ${path}: not available on this server (404)`;
  }
  const code = body.error ?? `http_${answer.status}`;
  const message = body.message ?? (answer.text.slice(0, 500) || 'no message');
  const lines = [`${answer.status} ${code}: ${message}`];
  for (const field of body.details?.fields ?? [])
    lines.push(`  ${field.field}: ${field.problems.join('; ')}`);
  return lines.join('\n');
}

/** A short reason for one line of an import report. */
export function shortReason(answer: Answer): string {
  const body = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as ErrorBody;
  const fields = (body.details?.fields ?? []).map((f) => `${f.field}: ${f.problems.join('; ')}`);
  const head = `${answer.status} ${body.error ?? 'error'}: ${body.message ?? answer.text.slice(0, 200)}`;
  return fields.length ? `${head} (${fields.join(', ')})` : head;
}
