import { setImmediate as nextTurn } from 'node:timers/promises';

/** Array items written between two turns of the event loop: a few hundred µs of JSON.stringify. */
const ITEMS_PER_SLICE = 500;

const isContainer = (value: unknown): value is object =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { toJSON?: unknown }).toJSON !== 'function' &&
  (Array.isArray(value) ||
    Object.getPrototypeOf(value) === Object.prototype ||
    Object.getPrototypeOf(value) === null);

/** Whether writing `value` in one JSON.stringify could be long: it holds an array. */
const holdsArray = (value: object): boolean =>
  Array.isArray(value) || Object.values(value).some((member) => Array.isArray(member));

/**
 * The text JSON.stringify(value) gives, written a slice at a time: arrays item by item, yielding to the event
 * loop every ITEMS_PER_SLICE items. A diff between distant instants lists thousands of events (megabytes of
 * JSON) that one JSON.stringify would write while nothing else is served. For JSON data (plain objects,
 * arrays, values with toJSON such as Date): small members go through JSON.stringify whole.
 */
export async function stringifyInSlices(value: unknown): Promise<string> {
  const out: string[] = [];
  let items = 0;
  const write = async (member: unknown): Promise<void> => {
    if (!isContainer(member) || !holdsArray(member)) {
      out.push(JSON.stringify(member) ?? 'null');
      return;
    }
    if (Array.isArray(member)) {
      out.push('[');
      for (let i = 0; i < member.length; i++) {
        if (i > 0) out.push(',');
        await write(member[i] === undefined || typeof member[i] === 'function' ? null : member[i]);
        if (++items % ITEMS_PER_SLICE === 0) await nextTurn();
      }
      out.push(']');
      return;
    }
    out.push('{');
    let first = true;
    for (const [key, child] of Object.entries(member)) {
      if (child === undefined || typeof child === 'function' || typeof child === 'symbol') continue;
      out.push(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      await write(child);
    }
    out.push('}');
  };
  await write(value);
  return out.join('');
}
