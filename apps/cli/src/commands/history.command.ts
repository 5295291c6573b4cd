import { Command } from 'nest-commander';
import type { ApiSchemas } from '@app/api-client';
import { CliError, EXIT } from '../client/exit-codes';
import { printer } from '../output/printer';
import { formatTable } from '../output/table';
import { ApiCommand, integer, type Flag, type Options } from './api-command';

type EventView = ApiSchemas['EventResponse'];

/** An envelope field as printed: the envelope is open JSON (foreign events may lack a field or type it otherwise). */
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const PAGE = 1000;

@Command({
  name: 'history',
  arguments: '[programId] [market]',
  argsDescription: { programId: "with market: one market's stream", market: 'e.g. IN' },
  description: "the event history: the global log, or one market's stream (auditor key)",
})
export class HistoryCommand extends ApiCommand {
  protected override readonly flags: Flag[] = [
    { flags: '--from-position <n>', description: 'global log: start after this position (default 0)' },
    { flags: '--from-revision <n>', description: 'market stream: start at this revision (default 0)' },
    { flags: '--limit <n>', description: 'at most this many events (default: all)' },
  ];

  protected async execute([programId, market]: string[], options: Options): Promise<void> {
    if (programId && !market)
      throw new CliError('history takes both <programId> and <market>, or neither', EXIT.usage);
    const limit = integer(options.limit, '--limit', 1);
    const client = this.client(options);
    const events: EventView[] = [];
    let cursor = market
      ? (integer(options.fromRevision, '--from-revision') ?? 0)
      : (integer(options.fromPosition, '--from-position') ?? 0);
    for (;;) {
      const size = Math.min(PAGE, limit === undefined ? PAGE : limit - events.length);
      let page: EventView[];
      if (market) {
        const { body } = await client.ok(
          client.api.GET('/programs/{programId}/markets/{market}/events', {
            params: { path: { programId, market }, query: { fromRevision: cursor, limit: size } },
          }),
        );
        page = body.events;
        cursor = body.nextRevision ?? cursor + page.length;
      } else {
        const { body } = await client.ok(
          client.api.GET('/events', { params: { query: { fromPosition: cursor, limit: size } } }),
        );
        page = body.events;
        cursor = body.nextPosition;
      }
      events.push(...page);
      if (page.length < size || (limit !== undefined && events.length >= limit)) break;
    }
    if (options.json) return printer.json({ events, next: cursor });
    printer.out(
      formatTable(
        ['position', 'stream', 'rev', 'type', 'occurred', 'recorded', 'actor'],
        events.map((e) => [
          e.position,
          e.streamId,
          e.revision,
          e.type,
          text(e.metadata.occurredAt),
          text(e.metadata.recordedAt),
          text(e.metadata.actor),
        ]),
      ),
    );
    printer.out(`${events.length} events; next ${market ? 'revision' : 'position'} ${cursor}`);
  }
}
