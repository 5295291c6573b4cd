/** Deep links live in the hash (the API owns the real paths under /programs). */
export type Route =
  | { view: 'home' }
  | { view: 'program'; programId: string }
  | { view: 'market'; programId: string; market: string };

export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
  if (parts[0] === 'programs' && parts.length === 2) return { view: 'program', programId: parts[1] };
  if (parts[0] === 'programs' && parts[2] === 'markets' && parts.length === 4)
    return { view: 'market', programId: parts[1], market: parts[3] };
  return { view: 'home' };
}

export const programHref = (programId: string): string => `#/programs/${encodeURIComponent(programId)}`;

export const marketHref = (programId: string, market: string): string =>
  `${programHref(programId)}/markets/${encodeURIComponent(market)}`;
