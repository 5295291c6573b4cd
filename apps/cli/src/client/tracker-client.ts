import { createTrackerClient, type ApiSchemas, type TrackerApi } from '@app/api-client';
import { redactUrl } from '../config/cli-config';
import { CliError, EXIT, exitCodeForStatus } from './exit-codes';
import type { WriteRequest } from './write-request';

export type WriteResult = ApiSchemas['WriteResultDto'];

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

/** What a call of the typed client settles to (openapi-fetch's result, reduced to what is read here). */
export interface TypedResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The tracker's HTTP API: `api` is the client generated from the API's OpenAPI document (libs/api-client), so
 * routes, parameters, bodies and answers are checked at compile time; `ok` turns its failures into CliErrors.
 * Streamed answers (NDJSON verification, exports, the bundle) go through it too, with `parseAs: 'stream'`.
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
    const { data, response } = result;
    if (response.ok) return { body: data as T, headers: response.headers };
    const request = this.requests.get(response);
    const method = request?.method ?? 'GET';
    const path = request ? new URL(request.url).pathname + new URL(request.url).search : response.url;
    const answer = failureOf(result);
    throw new CliError(this.scrub(describeError(method, path, answer)), exitCodeForStatus(response.status));
  }

  /** The body of a 2xx answer asked for with `parseAs: 'stream'` (NDJSON, exports, the bundle), read as it comes. */
  async streamed(
    call: Promise<TypedResult<ReadableStream<Uint8Array> | null>>,
  ): Promise<ReadableStream<Uint8Array>> {
    const { body } = await this.ok(call);
    if (!body) throw new CliError('the tracker answered without a body', EXIT.server);
    return body;
  }

  /** A message safe to print: neither the key nor a user or password of the URL in it. */
  private scrub(text: string): string {
    const withoutKey = this.key ? text.split(this.key).join('***') : text;
    return withoutKey.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@');
  }

  /**
   * POSTs one step: the route, its parameters and its body were typed together by `writeRequest`. Answers as
   * the typed client does (the write result on a 201, the error body otherwise); `headers` carry the
   * Idempotency-Key and If-Match.
   */
  write(request: WriteRequest, headers: Record<string, string> = {}): Promise<TypedResult<WriteResult>> {
    // The one cast: openapi-fetch cannot follow a union of routes to its bodies, and `writeRequest` has
    // already checked that this body and these parameters belong to this route.
    const init = { params: { path: request.params }, body: request.body, headers } as never;
    return this.api.POST(request.path, init);
  }
}

/** A failed answer of the typed client as the error messages read it (its body is the parsed error, or text). */
export function failureOf(result: TypedResult<unknown>): Answer {
  const { error, response } = result;
  const text = typeof error === 'string' ? error : JSON.stringify(error ?? '');
  return { status: response.status, body: error, text, headers: response.headers };
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
