/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped. Two parties
 * that hold the same event compute the same bytes, so the same hash, whatever order the keys came in.
 * Written as plain loops: verification runs it over every event of the log.
 */
export function canonicalJson(value: unknown): string {
  return canonicalObject(value, undefined);
}

/** canonicalJson of an object without one of its members (the envelope without its own `hash`). */
export function canonicalJsonWithout(value: Record<string, unknown>, omitted: string): string {
  return canonicalObject(value, omitted);
}

function canonicalObject(value: unknown, omitted: string | undefined): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite number');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += canonicalObject(value[i] ?? null, undefined);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (const key of keys) {
        const member = record[key];
        if (member === undefined || key === omitted) continue;
        if (out.length > 1) out += ',';
        out += `${JSON.stringify(key)}:${canonicalObject(member, undefined)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`value of type ${typeof value} has no JSON form`);
  }
}
