import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AsOfBasis, AsOfEvents } from '@app/audit';
import type { RecordedEvent } from '@app/event-store';
import { AsOfReplayer } from '../as-of/as-of-replayer';
import type { ProgramHead } from '../as-of/program-events.reader';
import { fieldChanges, type FieldChanges } from './field-changes';
import type { ProgramProgressView } from '@app/projections';

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

/** A diff weighs in the answer cache like one progress answer per this many events it lists (~10 KB). */
const CAUSES_PER_UNIT = 40;

@QueryHandler(ProgramDiffQuery)
export class ProgramDiffHandler implements IQueryHandler<ProgramDiffQuery, ProgramDiffView> {
  constructor(private readonly replayer: AsOfReplayer) {}

  execute(query: ProgramDiffQuery): Promise<ProgramDiffView> {
    const { programId, from, to, basis } = query;
    return this.replayer.answer(
      programId,
      { kind: 'diff', detail: `${from.getTime()} ${to.getTime()} ${basis}` },
      async (head, read) => this.diff(query, head, read),
      (view) =>
        1 +
        (view.programEvents.length + view.markets.reduce((n, m) => n + m.events.length, 0)) / CAUSES_PER_UNIT,
    );
  }

  private async diff(
    { programId, from, to, basis }: ProgramDiffQuery,
    head: ProgramHead,
    read: () => Promise<AsOfEvents>,
  ): Promise<ProgramDiffView> {
    const before = await this.replayer.programAt(head, read, from, basis);
    const after = await this.replayer.programAt(head, read, to, basis);
    const between =
      (await this.replayer.index.eventsBetween(head, from, to, basis)) ?? (await read()).between(from, to, basis);
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
