import { isMarketEvent, isProgramEvent, type DomainEvent, type MarketEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

/**
 * A stored event of the tracker with its `type` and `data` as the domain defines them: a switch on `type`
 * narrows `data`, and a field the domain renames no longer compiles here.
 */
export type TrackerEvent = Omit<RecordedEvent, 'type' | 'data'> & DomainEvent;
export type TrackerMarketEvent = Omit<RecordedEvent, 'type' | 'data'> & MarketEvent;

/** The event typed by the domain, or undefined for events of other kinds sharing the log (audit checkpoints, say). */
export function trackerEvent(event: RecordedEvent): TrackerEvent | undefined {
  return isProgramEvent(event) || isMarketEvent(event) ? event : undefined;
}

/** The event typed by the domain when it is a market's. */
export function trackerMarketEvent(event: RecordedEvent): TrackerMarketEvent | undefined {
  return isMarketEvent(event) ? event : undefined;
}

/** Typed access to what every tracker event carries: its market reference and its two times. */
export interface StepFacts {
  programId: string;
  market?: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
}

/** `data` is typed by the domain but read from storage: what projections count on is checked at run time too. */
export function stepFacts(event: TrackerEvent): StepFacts {
  const data: { programId: unknown; market?: unknown } = event.data;
  const metadata = event.metadata as { occurredAt?: unknown; recordedAt?: unknown; actor?: unknown };
  if (typeof data.programId !== 'string')
    throw new Error(`${event.type} at ${event.position} has no programId`);
  const recordedAt = typeof metadata.recordedAt === 'string' ? metadata.recordedAt : event.recordedAt;
  return {
    programId: data.programId,
    market: typeof data.market === 'string' ? data.market : undefined,
    occurredAt: typeof metadata.occurredAt === 'string' ? metadata.occurredAt : recordedAt,
    recordedAt,
    actor: typeof metadata.actor === 'string' ? metadata.actor : 'unknown',
  };
}

/** The facts of a market event, which must name its market. */
export function marketFacts(event: TrackerMarketEvent): StepFacts & { market: string } {
  const facts = stepFacts(event);
  if (facts.market === undefined) throw new Error(`${event.type} at ${event.position} has no market`);
  return facts as StepFacts & { market: string };
}

/** The names of the fields of `Data` that hold a `Value` (optional or not). */
type FieldsOf<Data, Value> = {
  [Name in keyof Data]-?: Exclude<Data[Name], undefined> extends Value ? Name : never;
}[keyof Data] &
  string;

/** A number field of the event's data: a poison event (throws) when the stored value is not a finite number. */
export function numberField<E extends TrackerEvent>(event: E, name: FieldsOf<E['data'], number>): number {
  const value = (event.data as Readonly<Record<string, unknown>>)[name];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${event.type} at ${event.position}: ${name} is not a number`);
  return value;
}

/** A text field of the event's data, or null when the stored value is not text. */
export function textField<E extends TrackerEvent>(
  event: E,
  name: FieldsOf<E['data'], string>,
): string | null {
  const value = (event.data as Readonly<Record<string, unknown>>)[name];
  return typeof value === 'string' ? value : null;
}
