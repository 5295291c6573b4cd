/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped. Two parties
 * that hold the same event compute the same bytes, so the same hash, whatever order the keys came in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number');
    if (typeof value === 'bigint') return value.toString();
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`value of type ${typeof value} has no JSON form`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}
