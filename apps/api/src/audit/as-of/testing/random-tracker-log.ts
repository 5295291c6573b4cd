import { EVENT_SCHEMA_VERSIONS, marketStreamId, programStreamId, type EventType } from '@app/domain';
import type { JsonObject, RecordedEvent } from '@app/event-store';
import { seededRandom } from '@app/scenario';

/** Test-only: random but plausible tracker logs for the as-of property test (see as-of-index.path.spec.ts). */
export interface LogShape {
  seed: number;
  markets: number;
  stepsPerMarket: number;
  zone: string;
  /** Up to how many hours a stream's next append may be taken before another stream's earlier one. */
  skewHours: number;
  /** Share of steps logged late (hours to days after they happened). */
  lateShare: number;
}

export const PROGRAM = 'p-prop';
const MARKETS = ['IN', 'HK', 'ID', 'MY', 'PH', 'SG', 'TW'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2014-03-01T00:00:00Z');

interface Step {
  streamId: string;
  type: EventType;
  data: JsonObject;
  occurredAt: number;
  recordedAt: number;
  /** How occurredAt is written: as toISOString does, with the program's offset, or missing (recordedAt). */
  style: 'iso' | 'offset' | 'missing';
}

/** One market's steps in an order its decider would accept, each recorded after the one before. */
function marketSteps(market: string, shape: LogShape, random: () => number, start: number): Step[] {
  const streamId = marketStreamId(PROGRAM, market);
  const ref = { programId: PROGRAM, market };
  const steps: Step[] = [];
  let clock = start;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const add = (type: EventType, data: object) => {
    const previous = steps.at(-1);
    // Now and then appended together with the step before (one append: the same recordedAt), often with
    // the same occurredAt too ("copied and verified at 10:00"): the last step is then decided by position.
    const together = previous !== undefined && random() < 0.15;
    if (!together) clock += MINUTE + Math.floor(random() * random() * 8 * HOUR);
    const r = random();
    const late =
      r < shape.lateShare * 0.7
        ? HOUR + random() * 5 * HOUR
        : r < shape.lateShare
          ? 20 * HOUR + random() * 50 * HOUR
          : random() * 10 * MINUTE;
    // A late entry happened before steps already logged: "known by T" is then no prefix of the log.
    // Operators often give round times: steps that happened "at the same time" tie on occurredAt.
    let occurredAt =
      random() < 0.25 ? Math.floor((clock - late) / (30 * MINUTE)) * 30 * MINUTE : Math.round(clock - late);
    let style: Step['style'] = random() < 0.1 ? 'offset' : random() < 0.05 ? 'missing' : 'iso';
    if (together && random() < 0.6) [occurredAt, style] = [previous.occurredAt, previous.style];
    steps.push({
      streamId,
      type,
      data: { ...ref, ...data } as JsonObject,
      occurredAt,
      recordedAt: clock,
      style,
    });
  };
  let scope = 200 + Math.floor(random() * 800);
  add('MarketEnrolled', {
    targetRegion: pick(['us-east', 'singapore']),
    usersInScope: scope,
    ...(random() < 0.5 ? { bytesInScope: scope * 1000 } : {}),
    ...(random() < 0.5 ? { plannedStart: new Date(start + 2 * HOUR).toISOString() } : {}),
  });
  let phase: 'planned' | 'migrating' | 'paused' | 'cut_over' | 'source_purged' | 'completed' = 'planned';
  const copied = new Map<string, { users: number; attempt: number }>();
  const failed = new Map<string, { users: number; attempt: number }>();
  let batches = 0;
  for (let i = 0; i < shape.stepsPerMarket && phase !== 'completed'; i++) {
    const r = random();
    if (phase === 'planned') {
      if (r < 0.15) {
        const next = scope + Math.floor(random() * 100) - 50;
        add('ScopeRevised', { previousUsersInScope: scope, usersInScope: next, reason: 'recount' });
        scope = next;
      } else {
        add('MigrationStarted', {});
        phase = 'migrating';
      }
    } else if (phase === 'paused') {
      if (r < 0.7) {
        add('MigrationResumed', {});
        phase = 'migrating';
      } else if (r < 0.85) {
        const next = scope + Math.floor(random() * 40);
        add('ScopeRevised', { previousUsersInScope: scope, usersInScope: next, reason: 'recount' });
        scope = next;
      }
    } else if (phase === 'migrating') {
      if (r < 0.04) {
        add('MigrationPaused', { reason: pick(['capacity', 'regulator asked']) });
        phase = 'paused';
      } else if (r < 0.07) {
        add('CutoverCompleted', { verifiedUsers: scope });
        phase = 'cut_over';
      } else if (r < 0.12 && failed.size > 0) {
        const [batchId, batch] = [...failed.entries()][0];
        failed.delete(batchId);
        const attempt = batch.attempt + 1;
        add('BatchCopied', {
          batchId,
          users: batch.users,
          attempt,
          ...(random() < 0.5 ? { bytes: 77 } : {}),
        });
        copied.set(batchId, { users: batch.users, attempt });
      } else if (r < 0.5 || copied.size === 0) {
        const batchId = `b${++batches}`;
        const users = 1 + Math.floor(random() * 40);
        add('BatchCopied', {
          batchId,
          users,
          attempt: 1,
          ...(random() < 0.5 ? { bytes: users * 1000 } : {}),
        });
        copied.set(batchId, { users, attempt: 1 });
      } else {
        const [batchId, batch] = pick([...copied.entries()]);
        copied.delete(batchId);
        if (random() < 0.15) {
          add('BatchFailed', { batchId, users: batch.users, reason: 'checksum', attempt: batch.attempt });
          failed.set(batchId, batch);
        } else add('BatchVerified', { batchId, users: batch.users });
      }
    } else if (phase === 'cut_over') {
      add('SourceDataPurged', { evidence: 'ticket-1' });
      phase = 'source_purged';
    } else {
      add('MarketCompleted', {});
      phase = 'completed';
    }
  }
  return steps;
}

function programSteps(shape: LogShape, random: () => number): Step[] {
  const streamId = programStreamId(PROGRAM);
  const deadlines = ['2014-03-20T23:59:59+08:00', '2014-04-10T15:59:59.000Z', '2014-05-01T00:00:00Z'];
  const steps: Step[] = [
    {
      streamId,
      type: 'ProgramCreated',
      data: {
        programId: PROGRAM,
        name: 'Property',
        sourceRegion: 'cn-north',
        deadline: deadlines[0],
        timeZone: shape.zone,
        dataCategories: ['contacts'],
      },
      occurredAt: T0 - 2 * HOUR,
      recordedAt: T0,
      style: 'iso',
    },
  ];
  for (let i = 1; i < deadlines.length && random() < 0.7; i++) {
    const recordedAt = T0 + Math.floor(random() * 6 * 24 * HOUR);
    steps.push({
      streamId,
      type: 'DeadlineRevised',
      data: {
        programId: PROGRAM,
        previousDeadline: deadlines[i - 1],
        deadline: deadlines[i],
        reason: 'late',
      },
      occurredAt: recordedAt - Math.floor(random() * 30 * HOUR),
      recordedAt,
      style: 'iso',
    });
  }
  return steps.sort((a, b) => a.recordedAt - b.recordedAt);
}

/** occurredAt as the program's zone would write it: `+08:00`-style offsets compare differently as text. */
function offsetText(ms: number): string {
  const offset = 8 * HOUR;
  return `${new Date(ms + offset).toISOString().slice(0, 19)}+08:00`;
}

/**
 * The log: each stream in its decider's order, streams interleaved by when they were recorded, give or take
 * `skewHours` (as the bench logs interleave weeks of streams), positions with gaps now and then.
 */
export function randomTrackerLog(shape: LogShape): RecordedEvent[] {
  const random = seededRandom(shape.seed);
  const streams = [
    programSteps(shape, random),
    ...MARKETS.slice(0, shape.markets).map((market, i) =>
      marketSteps(market, shape, random, T0 + HOUR + i * 3 * HOUR),
    ),
  ];
  const next = streams.map(() => 0);
  const events: RecordedEvent[] = [];
  let position = 0;
  for (;;) {
    let chosen = -1;
    let best = Infinity;
    for (const [s, steps] of streams.entries()) {
      if (next[s] === steps.length) continue;
      // The program is created before anything else (no market can be enrolled in a program not created).
      const key = events.length === 0 ? s : steps[next[s]].recordedAt + random() * shape.skewHours * HOUR;
      if (key < best) [chosen, best] = [s, key];
    }
    if (chosen < 0) return events;
    const step = streams[chosen][next[chosen]];
    position += random() < 0.1 ? 2 + Math.floor(random() * 5) : 1;
    const recordedAt = new Date(step.recordedAt).toISOString();
    const metadata: JsonObject = {
      actor: 'ops-1',
      role: 'operator',
      recordedAt,
      schemaVersion: EVENT_SCHEMA_VERSIONS[step.type],
    };
    if (step.style !== 'missing')
      metadata.occurredAt =
        step.style === 'offset' ? offsetText(step.occurredAt) : new Date(step.occurredAt).toISOString();
    events.push({
      id: `e${position}`,
      streamId: step.streamId,
      revision: BigInt(next[chosen]),
      position: BigInt(position),
      type: step.type,
      data: step.data,
      metadata,
      recordedAt,
    });
    next[chosen] += 1;
  }
}
