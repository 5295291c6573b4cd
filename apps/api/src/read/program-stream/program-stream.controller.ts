import { Controller, MessageEvent, Param, Sse, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { Observable } from 'rxjs';
import { ProjectionRunner, ProgressService } from '@app/projections';
import { ProgramParams } from '../../commands/shared/identifiers';
import { SharedProgramProgress } from './shared-program-progress';
import { StreamQuotaInterceptor } from './stream-quota.interceptor';

/** Changes within this window are sent as one update: a burst of steps is one redraw, not hundreds. */
const COALESCE_MS = 50;
const HEARTBEAT_MS = 15_000;

@ApiTags('progress')
@ApiBearerAuth()
@Controller('programs/:programId')
export class ProgramStreamController {
  constructor(
    private readonly progress: ProgressService,
    private readonly shared: SharedProgramProgress,
    private readonly runner: ProjectionRunner,
  ) {}

  /**
   * Server-Sent Events: `progress` (the program's progress, as GET .../progress answers it) at once and after
   * every change the projections commit for this program, with `changedMarkets`; `heartbeat` every 15 s.
   * At most `SSE_MAX_STREAMS_PER_KEY` open per key (429 beyond).
   */
  @Sse('stream')
  @UseInterceptors(StreamQuotaInterceptor)
  @ApiOperation({ summary: 'Live progress of the program (Server-Sent Events)' })
  @ApiOkResponse({
    description:
      'Server-Sent Events: `progress` (data: the program progress as GET .../progress answers it, plus ' +
      '`changedMarkets`) at once and after each change; `heartbeat` (data: `{ at }`) every 15 s',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiErrorAnswers([400, 401, 404], {
    429: 'Too many streams open with this key (SSE_MAX_STREAMS_PER_KEY) or requests with an unknown key (`too_many_requests`)',
  })
  stream(@Param() { programId }: ProgramParams): Observable<MessageEvent> {
    this.progress.program(programId);
    return new Observable<MessageEvent>((subscriber) => {
      let pending = new Set<string>();
      let timer: NodeJS.Timeout | undefined;
      const send = () => {
        timer = undefined;
        const changedMarkets = [...pending].sort();
        pending = new Set();
        const progress = this.shared.get(programId);
        subscriber.next({
          type: 'progress',
          id: String(progress.position),
          data: { ...progress, changedMarkets },
        });
      };
      const unsubscribe = this.runner.onChange(({ changes }) => {
        const mine = changes.filter((change) => change.programId === programId);
        if (mine.length === 0) return;
        for (const change of mine) if (change.market) pending.add(change.market);
        timer ??= setTimeout(send, COALESCE_MS);
      });
      const heartbeat = setInterval(
        () => subscriber.next({ type: 'heartbeat', data: { at: new Date().toISOString() } }),
        HEARTBEAT_MS,
      );
      send();
      return () => {
        unsubscribe();
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
      };
    });
  }
}
