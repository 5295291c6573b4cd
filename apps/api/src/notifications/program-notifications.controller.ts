import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProgressService } from '@app/projections';
import { ProgramParams } from '../commands/shared/identifiers';
import { ApiErrorAnswers } from '../errors/api-errors.decorator';
import { NotificationStore } from './notification.store';
import { lastNotificationView } from './notification.views';
import { ProgramNotificationsResponse } from './subscription.response';

/** What the dashboard shows on a market's card and page: the last notification sent about it. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('programs')
export class ProgramNotificationsController {
  constructor(
    private readonly store: NotificationStore,
    private readonly progress: ProgressService,
  ) {}

  @Get(':programId/notifications')
  @ApiOperation({
    summary: 'The last notification queued about each market of the program (any subscription)',
  })
  @ApiOkResponse({ type: ProgramNotificationsResponse })
  @ApiErrorAnswers([400, 401, 404, 429])
  lastPerMarket(@Param() { programId }: ProgramParams): ProgramNotificationsResponse {
    this.progress.program(programId);
    return {
      programId,
      markets: this.store.lastPerMarket(programId).map((delivery) => ({
        market: delivery.market!,
        lastNotification: lastNotificationView(delivery, this.store.copiesOf(delivery)),
      })),
    };
  }
}
