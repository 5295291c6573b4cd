import type { RecordedEvent } from '@app/event-store';

/** Typed access to what every tracker event carries: its market reference and its two times. */
export interface StepFacts {
  programId: string;
  market?: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
}

export function stepFacts(event: RecordedEvent): StepFacts {
  const data = event.data as { programId?: unknown; market?: unknown };
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

export function numberField(event: RecordedEvent, name: string): number {
  const value = (event.data as Record<string, unknown>)[name];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${event.type} at ${event.position}: ${name} is not a number`);
  return value;
}

export function textField(event: RecordedEvent, name: string): string | null {
  const value = (event.data as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}
