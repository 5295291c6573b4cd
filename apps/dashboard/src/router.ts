/** Deep links live in the hash (the API owns the real paths under /programs). */
export type AsOfBasis = 'recorded' | 'occurred';

/**
 * A past instant to view a program or a market at, kept in the hash as query-like params:
 * `#/programs/<id>[/markets/<m>]?asOf=<ISO instant>&basis=recorded|occurred`. A link may also name a local
 * day (`asOf=2014-06-01`), meaning the end of that day in the program's time zone (see resolveAsOf).
 */
export interface AsOf {
  asOf: string;
  basis: AsOfBasis;
}

export type Route =
  | { view: 'home' }
  | { view: 'subscriptions' }
  | { view: 'program'; programId: string; asOf: AsOf | null }
  | { view: 'market'; programId: string; market: string; asOf: AsOf | null };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const queryAt = raw.indexOf('?');
  const path = queryAt >= 0 ? raw.slice(0, queryAt) : raw;
  const query = new URLSearchParams(queryAt >= 0 ? raw.slice(queryAt + 1) : '');
  const parts = path
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
  if (parts[0] === 'subscriptions' && parts.length === 1) return { view: 'subscriptions' };
  if (parts[0] === 'programs' && parts.length === 2)
    return { view: 'program', programId: parts[1], asOf: parseAsOf(query) };
  if (parts[0] === 'programs' && parts[2] === 'markets' && parts.length === 4)
    return { view: 'market', programId: parts[1], market: parts[3], asOf: parseAsOf(query) };
  return { view: 'home' };
}

/** `asOf` must be a parseable instant or local day; `basis` defaults to `recorded` (as the API does). */
function parseAsOf(query: URLSearchParams): AsOf | null {
  const asOf = query.get('asOf');
  if (!asOf || Number.isNaN(Date.parse(asOf))) return null;
  return { asOf, basis: query.get('basis') === 'occurred' ? 'occurred' : 'recorded' };
}

const asOfQuery = (asOf: AsOf | null): string =>
  asOf ? `?${new URLSearchParams({ asOf: asOf.asOf, basis: asOf.basis }).toString()}` : '';

const programPath = (programId: string): string => `#/programs/${encodeURIComponent(programId)}`;

export const programHref = (programId: string, asOf: AsOf | null = null): string =>
  programPath(programId) + asOfQuery(asOf);

export const marketHref = (programId: string, market: string, asOf: AsOf | null = null): string =>
  `${programPath(programId)}/markets/${encodeURIComponent(market)}${asOfQuery(asOf)}`;

/** The same route's link: what a view puts in the URL after switching between live and a past instant. */
export function routeHref(route: Route): string {
  if (route.view === 'program') return programHref(route.programId, route.asOf);
  if (route.view === 'market') return marketHref(route.programId, route.market, route.asOf);
  if (route.view === 'subscriptions') return '#/subscriptions';
  return '#/';
}
