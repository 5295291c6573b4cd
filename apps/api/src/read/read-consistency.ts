import { Inject, Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ProjectionRunner } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { ApiError } from '../errors/api.errors';
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

@Injectable()
export class ReadConsistency {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async reach(minPosition: number | undefined): Promise<void> {
    if (minPosition === undefined) return;
    const timeout = this.config.readWaitTimeoutMs;
    if (!(await this.runner.waitForPosition(BigInt(minPosition), timeout)))
      throw new ReadModelBehindError(minPosition, timeout);
  }
}
