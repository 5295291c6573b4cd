import type { EventStore } from './event-store.port';

/**
 * Which store a log comes from: the store's own id (the embedded store keeps a random one in its file),
 * else the first event of its log (id, position and commit time: a recreated store writes it anew). Undefined
 * for an empty store without an id of its own, which nothing can have been read from yet.
 */
export async function storeIdentity(store: EventStore): Promise<string | undefined> {
  if (store.storeId) return `store:${await store.storeId()}`;
  const [first] = await store.readAll({ maxCount: 1 });
  return first && `first-event:${first.id}@${first.position}@${first.recordedAt}`;
}
