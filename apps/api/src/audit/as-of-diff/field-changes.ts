export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** Leaves of a view as dotted paths (arrays compared whole); `skip` names top-level members left out. */
function leaves(value: unknown, prefix: string, out: Map<string, unknown>, skip: ReadonlySet<string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, member] of Object.entries(value)) {
      if (prefix === '' && skip.has(key)) continue;
      leaves(member, prefix ? `${prefix}.${key}` : key, out, skip);
    }
    return;
  }
  out.set(prefix, value);
}

/** What differs between two views of the same thing; a member missing on one side shows as null. */
export function fieldChanges(
  before: object | null,
  after: object | null,
  skip: readonly string[],
): FieldChanges {
  const skipped = new Set(skip);
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  if (before) leaves(before, '', a, skipped);
  if (after) leaves(after, '', b, skipped);
  const changes: FieldChanges = {};
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const from = a.get(key) ?? null;
    const to = b.get(key) ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}
