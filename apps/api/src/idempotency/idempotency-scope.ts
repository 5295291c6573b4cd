import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/audit';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import type { KeyedRequest } from '../write/command-context';

/** What a request with an Idempotency-Key is kept under, and what a retry must repeat (see IdempotentWrites). */
export function keyedRequest(request: AuthenticatedRequest, key: string): KeyedRequest {
  return {
    key,
    scope: idempotencyScope(request),
    legacyScope: legacyIdempotencyScope(request),
    fingerprint: requestFingerprint(request),
  };
}

/** What the answer of a key is kept for: the body and If-Match. The same key with others is refused. */
export function requestFingerprint(request: AuthenticatedRequest): string {
  return createHash('sha256')
    .update(canonicalJson({ body: request.body ?? null, ifMatch: request.headers['if-match'] ?? null }))
    .digest('hex');
}

/**
 * What an Idempotency-Key is scoped to: the caller, the method, the route pattern and the decoded path
 * parameters. Not the raw URL: `/programs/intl%2D2014/…` and `/programs/intl-2014/…` are one resource, so a
 * retry on either spelling replays the answer of the first instead of running again.
 */
export function idempotencyScope(request: AuthenticatedRequest): string {
  const route = request.routeOptions?.url ?? request.url.split('?')[0];
  const params = (request.params ?? {}) as Record<string, string>;
  return canonicalJson({
    caller: request.principal?.name ?? '',
    method: request.method,
    params,
    route,
  });
}

/** The scope of earlier versions, the raw path: answers kept under it are still found. */
export function legacyIdempotencyScope(request: AuthenticatedRequest): string {
  return `${request.principal?.name ?? ''} ${request.method} ${request.url.split('?')[0]}`;
}

/**
 * The id of the `index`-th event a keyed request appends to a stream: derived from the scope, the key and
 * the stream, so the retry of a request whose process stopped after its append finds what it wrote by id,
 * exactly, however long ago and whatever the clocks say. Formatted as a UUID (version 8, RFC 9562), as
 * EventStoreDB requires.
 */
export function idempotentEventId(scope: string, key: string, streamId: string, index: number): string {
  const hex = createHash('sha256').update(canonicalJson({ index, key, scope, streamId })).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
