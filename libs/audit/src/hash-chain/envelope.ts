import type { EventToAppend, JsonObject } from '@app/event-store';
import { EVENT_SCHEMA_VERSIONS } from '@app/domain';
import { canonicalJson } from './canonical-json';
import { computeEventHash } from './event-hash';

export interface DomainEventLike {
  type: string;
  data: object;
  /** Defaults to the domain's current schema version of the type (1 for types outside the domain). */
  schemaVersion?: number;
}

/** Who recorded the events and why: the envelope's members that come from the request. */
export interface EnvelopeContext {
  actor: string;
  role: string;
  correlationId: string;
  causationId?: string;
  idempotencyKey?: string;
  /** When the step happened, as the operator reports it; defaults to recordedAt. */
  occurredAt?: string;
}

export interface EnvelopeInput {
  streamId: string;
  /** Revision the first event will get. */
  firstRevision: bigint;
  /** Hash of the stream's current head (GENESIS_HASH for a new stream). */
  prevHash: string;
  recordedAt: Date;
  context: EnvelopeContext;
  newId: () => string;
}

/**
 * Wraps domain events in their envelope: who, why, both times, schema version, and the link of the
 * per-stream hash chain (verifyStreamChain checks it). The hash covers the event and its envelope, so neither
 * can change unseen.
 */
export function envelopeEvents(
  events: readonly DomainEventLike[],
  input: EnvelopeInput,
): { events: EventToAppend[]; headHash: string } {
  const { context } = input;
  let prevHash = input.prevHash;
  const recordedAt = input.recordedAt.toISOString();
  const wrapped = events.map((event, index) => {
    const envelope: JsonObject = {
      actor: context.actor,
      role: context.role,
      correlationId: context.correlationId,
      ...(context.causationId ? { causationId: context.causationId } : {}),
      ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
      occurredAt: context.occurredAt ? new Date(context.occurredAt).toISOString() : recordedAt,
      recordedAt,
      schemaVersion:
        event.schemaVersion ?? EVENT_SCHEMA_VERSIONS[event.type as keyof typeof EVENT_SCHEMA_VERSIONS] ?? 1,
      prevHash,
    };
    // Stored with their keys in canonical order (the hash member last): the verifier then hashes the native
    // serialisation of what it reads instead of re-sorting every object.
    const metadata = JSON.parse(canonicalJson(envelope)) as JsonObject;
    const data = JSON.parse(canonicalJson(event.data)) as JsonObject;
    const revision = input.firstRevision + BigInt(index);
    metadata.hash = computeEventHash({
      streamId: input.streamId,
      revision,
      type: event.type,
      data,
      metadata,
    });
    prevHash = metadata.hash;
    return { id: input.newId(), type: event.type, data, metadata };
  });
  return { events: wrapped, headHash: prevHash };
}
