import { Inject, Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { ApiError, ValidationFailedError } from '../errors/api.errors';
import { IsOptionalIntQuery } from '../shared/validation/optional-int-query.decorator';

/** `?minPosition=`: the `position` a write answered; the read waits until the read models include it. */
export class ReadConsistencyDto {
  @ApiPropertyOptional({
    description: 'wait until the read models include this global position (read your writes)',
  })
  @IsOptionalIntQuery(0, Number.MAX_SAFE_INTEGER)
  minPosition?: number;
}

export class ReadModelBehindError extends ApiError {
  constructor(minPosition: number, timeoutMs: number) {
    super(
      503,
      'read_model_behind',
      `The read models did not reach position ${minPosition} within ${timeoutMs} ms; retry shortly.`,
      {
        minPosition,
        timeoutMs,
      },
    );
  }
}

/** A position no write has answered yet: waiting for it would only end in a 503 after the timeout. */
export class PositionBeyondLogError extends ValidationFailedError {
  constructor(minPosition: number, head: bigint | undefined) {
    const last = head === undefined ? 'the log is empty' : `the last event of the log is at ${head}`;
    super([{ field: 'minPosition', problems: [`no event at or after position ${minPosition}: ${last}`] }]);
  }
}

/** How far ahead of the read side the store is looked at before waiting (see `beyondLog`). */
const PROBE_EVENTS = 1000;

@Injectable()
export class ReadConsistency {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async reach(minPosition: number | undefined): Promise<void> {
    if (minPosition === undefined) return;
    const position = BigInt(minPosition);
    const timeout = this.config.readWaitTimeoutMs;
    const beyond = await this.beyondLog(position);
    if (beyond.beyond) throw new PositionBeyondLogError(minPosition, beyond.head);
    if (!(await this.runner.waitForPosition(position, timeout)))
      throw new ReadModelBehindError(minPosition, timeout);
  }

  /**
   * Whether the store holds no event at or after `position`, read from the slowest checkpoint of the
   * projections the wait waits for (not trailing ones; a position of the log, valid on both stores). When the
   * read side is more than a page behind, the answer is left to the wait.
   */
  private async beyondLog(position: bigint): Promise<{ beyond: boolean; head?: bigint }> {
    const checkpoints = this.runner
      .status()
      .filter((projection) => projection.poison === undefined && !projection.trailing)
      .map((projection) => projection.checkpoint);
    if (checkpoints.length === 0) return { beyond: false };
    const from = checkpoints.reduce((low, checkpoint) => (checkpoint < low ? checkpoint : low));
    if (from >= position) return { beyond: false };
    const page = await this.store.readAll({ fromPosition: from, maxCount: PROBE_EVENTS });
    if (page.length === PROBE_EVENTS || page.some((event) => event.position >= position))
      return { beyond: false };
    return { beyond: true, head: page.at(-1)?.position ?? (from > 0n ? from : undefined) };
  }
}
