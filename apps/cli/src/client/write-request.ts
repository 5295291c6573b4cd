import type { ApiSchemas, paths } from '@app/api-client';

/** The API's write routes (as its OpenAPI document names them): a POST answering 201 with the write result. */
export type WritePath = {
  [P in keyof paths]: paths[P] extends {
    post: { responses: { 201: { content: { 'application/json': ApiSchemas['WriteResultDto'] } } } };
  }
    ? P
    : never;
}[keyof paths];

type WriteOperation<P extends WritePath> = paths[P]['post'];
/** The path parameters of a write route, e.g. `{ programId, market }` (`{}` for `/programs`, which has none). */
export type WriteParams<P extends WritePath> = NoneAsEmpty<WriteOperation<P>['parameters']['path']>;
type NoneAsEmpty<T> = T extends undefined ? Record<string, never> : T;
/** The JSON body a write route takes, as the document's DTO schema says. */
export type WriteBody<P extends WritePath> = NonNullable<
  WriteOperation<P>['requestBody']
>['content']['application/json'];

/** One step as the document types it: a write route, its path parameters and its body, checked together. */
export type WriteRequest = {
  [P in WritePath]: { path: P; params: WriteParams<P>; body: WriteBody<P> };
}[WritePath];

/**
 * A write request whose parameters and body are checked against its route at compile time: a field renamed
 * or removed in the document, or a route that is no longer there, fails the type-check of every caller.
 */
export function writeRequest<P extends WritePath>(
  path: P,
  params: WriteParams<P>,
  body: WriteBody<P>,
): WriteRequest {
  return { path, params, body } as WriteRequest;
}

/** The concrete path of a request, e.g. `/programs/intl-2014/markets/IN/start` (parameters as they are). */
export function concretePath(request: WriteRequest): string {
  const params = request.params as Record<string, string>;
  return request.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]);
}
