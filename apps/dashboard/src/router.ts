/** Deep links live in the hash (the API owns the real paths under /programs). */
export type AsOfBasis = 'recorded' | 'occurred';

/** A past instant to view the program at: `#/programs/<id>?asOf=<ISO instant>&basis=recorded|occurred`. */
export interface AsOf {
  asOf: string;
  basis: AsOfBasis;
}

export type Route =
  | { view: 'home' }
  | { view: 'program'; programId: string; asOf: AsOf | null }
  | { view: 'market'; programId: string; market: string };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const queryAt = raw.indexOf('?');
  const path = queryAt >= 0 ? raw.slice(0, queryAt) : raw;
  const query = new URLSearchParams(queryAt >= 0 ? raw.slice(queryAt + 1) : '');
  const parts = path
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
  if (parts[0] === 'programs' && parts.length === 2)
    return { view: 'program', programId: parts[1], asOf: parseAsOf(query) };
  if (parts[0] === 'programs' && parts[2] === 'markets' && parts.length === 4)
    return { view: 'market', programId: parts[1], market: parts[3] };
  return { view: 'home' };
}

/** `asOf` must be a parseable instant; `basis` defaults to `recorded` (as the API does). */
function parseAsOf(query: URLSearchParams): AsOf | null {
  const asOf = query.get('asOf');
  if (!asOf || Number.isNaN(Date.parse(asOf))) return null;
  return { asOf, basis: query.get('basis') === 'occurred' ? 'occurred' : 'recorded' };
}

export const programHref = (programId: string, asOf: AsOf | null = null): string =>
  `#/programs/${encodeURIComponent(programId)}` +
  (asOf ? `?${new URLSearchParams({ asOf: asOf.asOf, basis: asOf.basis }).toString()}` : '');

export const marketHref = (programId: string, market: string): string =>
  `${programHref(programId)}/markets/${encodeURIComponent(market)}`;
