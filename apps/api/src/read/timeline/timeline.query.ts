import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProgressService, ReadModels, type TimelineStepView } from '@app/projections';

export class TimelineQuery {
  constructor(
    readonly programId: string,
    readonly market: string | undefined,
    readonly limit: number,
  ) {}
}

@QueryHandler(TimelineQuery)
export class TimelineHandler implements IQueryHandler<TimelineQuery, { steps: TimelineStepView[] }> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly progress: ProgressService,
  ) {}

  async execute({ programId, market, limit }: TimelineQuery): Promise<{ steps: TimelineStepView[] }> {
    this.progress.program(programId);
    const steps = this.readModels.timeline(programId, market, limit).map((row) => ({
      position: row.position,
      market: row.market,
      type: row.type,
      occurredAt: row.occurred_at,
      recordedAt: row.recorded_at,
      actor: row.actor,
      data: JSON.parse(row.data) as Record<string, unknown>,
    }));
    return { steps };
  }
}
