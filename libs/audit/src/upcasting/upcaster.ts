/** Turns one schema version of an event type's data into the next; pure, and never applied to stored rows. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

interface UpcastableEvent {
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export interface Upcast<E> {
  event: E;
  /** The stored schema version and the one `event.data` now has (equal when nothing applied). */
  from: number;
  to: number;
}

/**
 * Upcasters by type and version, applied in a chain on read (v1 -> v2 -> ...). Only `data` changes, in a
 * copy: the stored row and its envelope (metadata, schemaVersion included) stay as written, so the hash
 * chain verifies from the stored form whatever readers are shown.
 */
export class UpcasterRegistry {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[]) {
    for (const upcaster of upcasters) this.byKey.set(`${upcaster.type}@${upcaster.fromVersion}`, upcaster);
  }

  upcast<E extends UpcastableEvent>(event: E): Upcast<E> {
    const from = Number(event.metadata.schemaVersion ?? 1);
    let to = from;
    let data = event.data as Record<string, unknown>;
    for (let step = this.next(event.type, to); step; step = this.next(event.type, to)) {
      data = step.upcast(data);
      to += 1;
    }
    return { event: to === from ? event : { ...event, data }, from, to };
  }

  private next(type: string, version: number): Upcaster | undefined {
    return this.byKey.get(`${type}@${version}`);
  }
}

/**
 * BatchCopied v1 -> v2: `attempt` became mandatory when retries were counted (a batch copied again after
 * a failure is attempt 2, ...). Copies recorded by v1 writers without it were first attempts.
 */
export const batchCopiedV1ToV2: Upcaster = {
  type: 'BatchCopied',
  fromVersion: 1,
  upcast: (data) => (typeof data.attempt === 'number' ? data : { ...data, attempt: 1 }),
};

export const eventUpcasters = new UpcasterRegistry([batchCopiedV1ToV2]);
