import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

/** A client of the tracker's HTTP API, typed by its OpenAPI document (schema.d.ts is generated from it). */
export type TrackerApi = Client<paths>;

/** The API's named schemas: answers (`*Response`), request bodies (`*Dto`) and the error body. */
export type ApiSchemas = components['schemas'];
export type ApiErrorBody = ApiSchemas['ErrorBodyResponse'];

export interface TrackerClientOptions {
  /** Replaces global fetch (tests, or a browser page that wants its own). */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers on every request besides the key. */
  headers?: Record<string, string>;
}

/**
 * `createTrackerClient('http://tracker:3000', key).GET('/programs/{programId}/progress', { params: { path:
 * { programId } } })`: paths, parameters, bodies and answers are checked against the document at compile time,
 * so a change of the API that its callers do not follow fails the type-check. `baseUrl` '' asks the page's
 * own origin (the dashboard). Every request carries `Authorization: Bearer <key>` when a key is given.
 */
export function createTrackerClient(
  baseUrl: string,
  key: string | undefined,
  options: TrackerClientOptions = {},
): TrackerApi {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: { ...options.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
