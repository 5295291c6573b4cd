import { Controller, MessageEvent, Param, Sse, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { Observable } from 'rxjs';
import { ProgressService } from '@app/projections';
import { ProgramParams } from '../../commands/shared/identifiers';
import { ProgramFeeds } from './program-feeds';
import { StreamQuotaInterceptor } from './stream-quota.interceptor';

const HEARTBEAT_MS = 15_000;

const STREAM_EVENTS =
  'Server-Sent Events, each with `id:` the global position the figures reflect. ' +
  '`progress` (first on every connection, reconnections included; data: the program progress as ' +
  'GET .../progress answers it, plus `changedMarkets`: []); then `progress-changes` after each change (steps ' +
  'within 50 ms make one event) and whenever time alone changed a market (re-checked every 5 s): data: every ' +
  'program-level field of the progress (totals, status counts, `asOf`, `position`, ...), `markets`: the full ' +
  'view of each market that changed (a market not seen before is new: insert it in market-code order), and ' +
  '`changedMarkets`: the markets steps changed since the event before. A client keeps the last view, replaces ' +
  'its program fields and the markets sent, and keeps the others. `heartbeat` (data: `{ at }`) every 15 s. ' +
  'With SSE_FULL_VIEWS=1 every event is a whole `progress` instead.';

@ApiTags('progress')
@ApiBearerAuth()
@Controller('programs/:programId')
export class ProgramStreamController {
  constructor(
    private readonly progress: ProgressService,
    private readonly feeds: ProgramFeeds,
  ) {}

  /**
   * Server-Sent Events: `progress` (the whole view) at once, then `progress-changes` (what changed) after each
   * change; `heartbeat` every 15 s. At most `SSE_MAX_STREAMS_PER_KEY` open per key (429 beyond).
   */
  @Sse('stream')
  @UseInterceptors(StreamQuotaInterceptor)
  @ApiOperation({ summary: 'Live progress of the program (Server-Sent Events)' })
  @ApiOkResponse({
    description: STREAM_EVENTS,
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiErrorAnswers([400, 401, 404], {
    429: 'Too many streams open with this key (SSE_MAX_STREAMS_PER_KEY) or requests with an unknown key (`too_many_requests`)',
  })
  stream(@Param() { programId }: ProgramParams): Observable<MessageEvent> {
    this.progress.program(programId);
    return new Observable<MessageEvent>((subscriber) => {
      // The feed's events are shared by every stream of the program: their text is made once.
      const leave = this.feeds.join(programId, (event) => subscriber.next(event));
      const heartbeat = setInterval(
        () => subscriber.next({ type: 'heartbeat', data: { at: new Date().toISOString() } }),
        HEARTBEAT_MS,
      );
      return () => {
        leave();
        clearInterval(heartbeat);
      };
    });
  }
}
