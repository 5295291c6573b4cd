import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { knownAt, type AsOfBasis } from '@app/audit';
import type { RecordedEvent } from '@app/event-store';
import { AsOfReplayer } from '../as-of/as-of-replayer';
import { fieldChanges, type FieldChanges } from './field-changes';
import { type ProgramProgressView, UnknownProgramReadError } from '@app/projections';

export class ProgramDiffQuery {
  constructor(
    readonly programId: string,
    readonly from: Date,
    readonly to: Date,
    readonly basis: AsOfBasis,
  ) {}
}

export interface CausingEvent {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  actor: unknown;
  occurredAt: unknown;
  recordedAt: unknown;
}

export interface ProgramDiffView {
  programId: string;
  basis: AsOfBasis;
  from: string;
  to: string;
  /** Program-level fields (deadline, totals, riskiest market ...) that changed. */
  program: FieldChanges;
  programEvents: CausingEvent[];
  /** Markets with a change, each with what changed and the events between the two instants that did it. */
  markets: { market: string; changes: FieldChanges; events: CausingEvent[] }[];
}

function cause(event: RecordedEvent): CausingEvent {
  const metadata = event.metadata as Record<string, unknown>;
  return {
    position: Number(event.position),
    streamId: event.streamId,
    revision: Number(event.revision),
    type: event.type,
    actor: metadata.actor,
    occurredAt: metadata.occurredAt,
    recordedAt: metadata.recordedAt,
  };
}

@QueryHandler(ProgramDiffQuery)
export class ProgramDiffHandler implements IQueryHandler<ProgramDiffQuery, ProgramDiffView> {
  constructor(private readonly replayer: AsOfReplayer) {}

  async execute({ programId, from, to, basis }: ProgramDiffQuery): Promise<ProgramDiffView> {
    const events = await this.replayer.programEvents(programId);
    const view = (instant: Date) =>
      this.replayer.at(events, instant, basis, (progress) => {
        try {
          return progress.programProgress(programId);
        } catch (error) {
          if (error instanceof UnknownProgramReadError) return null; // not created yet at that instant
          throw error;
        }
      });
    const [before, after] = [await view(from), await view(to)];
    const between = events.filter((e) => knownAt(e, to, basis) && !knownAt(e, from, basis));
    const marketOf = (e: RecordedEvent) => (e.data as { market?: unknown }).market;
    const byMarket = (views: ProgramProgressView | null) =>
      new Map(views?.markets.map((m) => [m.market, m]) ?? []);
    const [marketsBefore, marketsAfter] = [byMarket(before), byMarket(after)];
    const markets = [...new Set([...marketsBefore.keys(), ...marketsAfter.keys()])]
      .sort()
      .flatMap((market) => {
        const changes = fieldChanges(marketsBefore.get(market) ?? null, marketsAfter.get(market) ?? null, [
          'position',
        ]);
        const caused = between.filter((e) => marketOf(e) === market).map(cause);
        return Object.keys(changes).length > 0 || caused.length > 0
          ? [{ market, changes, events: caused }]
          : [];
      });
    return {
      programId,
      basis,
      from: from.toISOString(),
      to: to.toISOString(),
      program: fieldChanges(before, after, ['markets', 'position', 'asOf']),
      programEvents: between.filter((e) => marketOf(e) === undefined).map(cause),
      markets,
    };
  }
}
