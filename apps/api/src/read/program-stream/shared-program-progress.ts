import { Inject, Injectable } from '@nestjs/common';
import { ProgressService, ProjectionRunner, type ProgramProgressView } from '@app/projections';
import { CLOCK, type Clock } from '../../shared/clock';

/** The read models a program's progress is computed from. */
const SOURCES = ['programs', 'market-progress', 'market-daily'] as const;

/**
 * A program's progress for its live streams, computed once per state of the read models and second, however
 * many screens follow the program: a change is one computation, not one per connected dashboard.
 */
@Injectable()
export class SharedProgramProgress {
  private readonly latest = new Map<string, { key: string; view: ProgramProgressView }>();

  constructor(
    private readonly progress: ProgressService,
    private readonly runner: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get(programId: string): ProgramProgressView {
    const second = Math.floor(this.clock().getTime() / 1000);
    const key = `${SOURCES.map((name) => this.runner.checkpoint(name)).join(',')}|${second}`;
    const cached = this.latest.get(programId);
    if (cached?.key === key) return cached.view;
    const view = this.progress.programProgress(programId);
    this.latest.set(programId, { key, view });
    return view;
  }
}
