import { computeEventHash, GENESIS_HASH } from '@app/audit';
import { EVENT_SCHEMA_VERSIONS, marketStreamId, programStreamId, type EventType } from '@app/domain';
import type { EventToAppend, JsonObject } from '@app/event-store';
import { seededUuid, seededRandom, seedOf } from './seeded';
import { MARKET_PROFILES } from './reference-markets';
import {
  planProgram,
  programIdOf,
  PROGRAM_EVENTS,
  type MarketOutcome,
  type PlannedStep,
} from './program-plan';

/**
 * A seeded log of realistic tracker events: programs of PROGRAM_EVENTS events each (see program-plan.ts),
 * generated in waves of PROGRAMS_PER_WAVE programs running side by side through 2014. Within a wave the log
 * is in the order the steps were recorded, to the week: one week's steps of one stream form one chunk (one
 * append, ~14 events), chunks ordered by (week, program, stream). Waves follow each other in the log. Envelopes are the API's (actor, role,
 * correlationId, idempotencyKey, occurredAt, recordedAt, schemaVersion, prevHash, hash) with a valid SHA-256
 * chain per stream. The first wave is the same in every log, so the target program (`bench-0001`) is the
 * same events at the same positions in a 10k-event log and in a 1M-event log.
 */

export const PROGRAMS_PER_WAVE = 5;
export const TARGET_PROGRAM = programIdOf(0);
export const DEFAULT_SEED = 2014;
export { AS_OF, DEADLINE, PROGRAM_EVENTS, TIME_ZONE } from './program-plan';

/** Consecutive events of one stream: one append. */
export interface StreamChunk {
  streamId: string;
  firstRevision: number;
  events: EventToAppend[];
}

export interface ProgramSummary {
  programId: string;
  events: number;
  markets: MarketOutcome[];
}

const WEEK_MS = 7 * 86_400_000;
/** Week number of an instant, counted in Singapore time (UTC+8, no DST). */
const weekOf = (ms: number): number => Math.floor((ms + 8 * 3_600_000) / WEEK_MS);

export function streamIdOf(programId: string, stream: number): string {
  return stream === 0
    ? programStreamId(programId)
    : marketStreamId(programId, MARKET_PROFILES[stream - 1].market);
}

/** What the generator will write for one program (for checking the read models against it). */
export function summarizeProgram(
  index: number,
  seed = DEFAULT_SEED,
  programEvents = PROGRAM_EVENTS,
): ProgramSummary {
  const { steps, markets } = planProgram(index, seed, programEvents);
  return { programId: programIdOf(index), events: steps.length, markets };
}

interface Ordered {
  program: number;
  step: PlannedStep;
  week: number;
  sequence: number;
}

/**
 * The log's chunks in log order, `totalEvents` events in all (the last program cut short if need be), in
 * programs of `programEvents` events.
 */
export function* generateLog(
  totalEvents: number,
  seed = DEFAULT_SEED,
  programEvents = PROGRAM_EVENTS,
): Generator<StreamChunk> {
  const programs = Math.ceil(totalEvents / programEvents);
  let emitted = 0;
  for (let wave = 0; wave * PROGRAMS_PER_WAVE < programs && emitted < totalEvents; wave++) {
    const ordered: Ordered[] = [];
    for (let p = wave * PROGRAMS_PER_WAVE; p < Math.min(programs, (wave + 1) * PROGRAMS_PER_WAVE); p++) {
      for (const step of planProgram(p, seed, programEvents).steps)
        ordered.push({ program: p, step, week: weekOf(step.recordedAt), sequence: ordered.length });
    }
    ordered.sort(
      (a, b) =>
        a.week - b.week ||
        a.program - b.program ||
        a.step.stream - b.step.stream ||
        a.step.recordedAt - b.step.recordedAt ||
        a.sequence - b.sequence,
    );
    const chains = new Map<string, { revision: number; prevHash: string }>();
    const correlation = seededRandom(seedOf(seed, 'correlation', wave));
    let chunk: StreamChunk | undefined;
    for (const { program, step } of ordered) {
      if (emitted >= totalEvents) break;
      const streamId = streamIdOf(programIdOf(program), step.stream);
      const chain = chains.get(streamId) ?? { revision: 0, prevHash: GENESIS_HASH };
      const event = envelope(streamId, chain, step, seededUuid(correlation));
      chains.set(streamId, { revision: chain.revision + 1, prevHash: String(event.metadata.hash) });
      if (chunk && chunk.streamId === streamId && sameWeek(chunk, step)) chunk.events.push(event);
      else {
        if (chunk) yield chunk;
        chunk = { streamId, firstRevision: chain.revision, events: [event] };
      }
      emitted++;
    }
    if (chunk) yield chunk;
  }
}

function sameWeek(chunk: StreamChunk, step: PlannedStep): boolean {
  const last = chunk.events[chunk.events.length - 1].metadata.recordedAt as string;
  return weekOf(Date.parse(last)) === weekOf(step.recordedAt);
}

function envelope(
  streamId: string,
  chain: { revision: number; prevHash: string },
  step: PlannedStep,
  correlationId: string,
): EventToAppend {
  // Same members, in the same order, as libs/audit/src/hash-chain/envelope.ts writes them.
  const metadata: JsonObject = {
    actor: step.actor,
    role: 'operator',
    correlationId,
    ...(step.idempotencyKey ? { idempotencyKey: step.idempotencyKey } : {}),
    occurredAt: new Date(step.occurredAt).toISOString(),
    recordedAt: new Date(step.recordedAt).toISOString(),
    schemaVersion: EVENT_SCHEMA_VERSIONS[step.type as EventType] ?? 1,
    prevHash: chain.prevHash,
  };
  metadata.hash = computeEventHash({
    streamId,
    revision: chain.revision,
    type: step.type,
    data: step.data,
    metadata,
  });
  return { id: step.id, type: step.type, data: step.data, metadata };
}
