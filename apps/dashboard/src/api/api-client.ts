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

const enc = encodeURIComponent;

const asOfQuery = (asOf?: AsOf): string =>
  asOf ? `?${new URLSearchParams({ asOf: asOf.asOf, basis: asOf.basis }).toString()}` : '';

/** Every request carries `Authorization: Bearer <key>`; a 401 raises UnauthorizedError. */
export class ApiClient {
  constructor(private readonly key: string) {}

  get authorization(): string {
    return `Bearer ${this.key}`;
  }

  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    const response = await fetch(path, {
      headers: { authorization: this.authorization, accept: 'application/json' },
      cache: 'no-store',
      signal,
    });
    if (response.status === 401) throw new UnauthorizedError(await errorMessage(response));
    if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
    return (await response.json()) as T;
  }

  programs(): Promise<{ programs: ProgramSummary[] }> {
    return this.get('/programs');
  }

  /** Live progress, or as of a past instant (`asOf`) when given. */
  programProgress(programId: string, asOf?: AsOf): Promise<ProgramProgress> {
    return this.get(`/programs/${enc(programId)}/progress${asOfQuery(asOf)}`);
  }

  marketProgress(programId: string, market: string, asOf?: AsOf): Promise<MarketProgress> {
    return this.get(`/programs/${enc(programId)}/markets/${enc(market)}/progress${asOfQuery(asOf)}`);
  }

  marketSeries(programId: string, market: string): Promise<MarketSeries> {
    return this.get(`/programs/${enc(programId)}/markets/${enc(market)}/series`);
  }

  timeline(
    programId: string,
    options: { market?: string; limit: number },
  ): Promise<{ steps: TimelineStep[] }> {
    const query = new URLSearchParams({ limit: String(options.limit) });
    if (options.market) query.set('market', options.market);
    return this.get(`/programs/${enc(programId)}/timeline?${query.toString()}`);
  }

  streamUrl(programId: string): string {
    return `/programs/${enc(programId)}/stream`;
  }
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: string };
    return body.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}
