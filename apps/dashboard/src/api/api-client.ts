import { createTrackerClient, type TrackerApi } from '../../../../libs/api-client/src/tracker-client';
import type { AsOf } from '../router';
import type { MarketProgress, MarketSeries, ProgramProgress, ProgramSummary, TimelineStep } from './types';

/** The key was missing or refused (401): the page signs in again. */
export class UnauthorizedError extends Error {}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What a request through the generated client settles to (openapi-fetch's result, reduced to what is read). */
interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function messageOf(error: unknown, status: number): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : `HTTP ${status}`;
}

/** The answer of a 2xx; a 401 raises UnauthorizedError, any other failure ApiError with the server's message. */
async function answer<T>(request: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await request;
  if (response.status === 401) throw new UnauthorizedError(messageOf(error, response.status));
  if (!response.ok || data === undefined)
    throw new ApiError(response.status, messageOf(error, response.status));
  return data;
}

/**
 * The API as the dashboard reads it, through the client generated from the API's OpenAPI document: paths,
 * parameters and answers are checked against it at compile time. Every request carries
 * `Authorization: Bearer <key>` and skips the browser cache (the API answers with ETags of its own).
 * Each read takes the `signal` of the load it belongs to: aborting the load cancels the request itself (the
 * promise then rejects with the fetch's AbortError), not only the drawing of its answer.
 */
export class ApiClient {
  /** The typed client itself, for a read this class has no method for (same key, same headers). */
  readonly api: TrackerApi;

  /** `baseUrl`: where the API is; '' (the default) is the page's own origin, which serves the dashboard. */
  constructor(
    private readonly key: string,
    baseUrl = '',
  ) {
    this.api = createTrackerClient(baseUrl, key, {
      headers: { accept: 'application/json' },
      fetch: (request) => fetch(request, { cache: 'no-store' }),
    });
  }

  get authorization(): string {
    return `Bearer ${this.key}`;
  }

  programs(signal?: AbortSignal): Promise<{ programs: ProgramSummary[] }> {
    return answer(this.api.GET('/programs', { signal }));
  }

  /** Live progress, or as of a past instant (`asOf`) when given. */
  programProgress(programId: string, asOf?: AsOf, signal?: AbortSignal): Promise<ProgramProgress> {
    return answer(
      this.api.GET('/programs/{programId}/progress', {
        params: { path: { programId }, query: { ...asOf } },
        signal,
      }),
    );
  }

  marketProgress(
    programId: string,
    market: string,
    asOf?: AsOf,
    signal?: AbortSignal,
  ): Promise<MarketProgress> {
    return answer(
      this.api.GET('/programs/{programId}/markets/{market}/progress', {
        params: { path: { programId, market }, query: { ...asOf } },
        signal,
      }),
    );
  }

  marketSeries(programId: string, market: string, signal?: AbortSignal): Promise<MarketSeries> {
    return answer(
      this.api.GET('/programs/{programId}/markets/{market}/series', {
        params: { path: { programId, market } },
        signal,
      }),
    );
  }

  timeline(
    programId: string,
    options: { market?: string; limit: number },
    signal?: AbortSignal,
  ): Promise<{ steps: TimelineStep[] }> {
    return answer(
      this.api.GET('/programs/{programId}/timeline', {
        params: { path: { programId }, query: { limit: options.limit, market: options.market } },
        signal,
      }),
    );
  }

  /** The Server-Sent Events stream is read by SseClient (fetch streaming), not through the typed client. */
  streamUrl(programId: string): string {
    return `/programs/${encodeURIComponent(programId)}/stream`;
  }
}
