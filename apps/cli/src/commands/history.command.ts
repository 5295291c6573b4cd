import { Command } from 'nest-commander';
import { CliError, EXIT } from '../client/exit-codes';
import { printer } from '../output/printer';
import { formatTable } from '../output/table';
import { ApiCommand, integer, path, type Flag, type Options } from './api-command';

interface EventView {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: { actor?: string; occurredAt?: string; recordedAt?: string };
}

interface Page {
  events: EventView[];
  nextPosition: number;
  nextRevision?: number;
}

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
      const route = market
        ? `/programs/${path(programId, 'markets', market)}/events?fromRevision=${cursor}&limit=${size}`
        : `/events?fromPosition=${cursor}&limit=${size}`;
      const { body } = await client.call<Page>('GET', route);
      events.push(...body.events);
      cursor = market ? (body.nextRevision ?? cursor + body.events.length) : body.nextPosition;
      if (body.events.length < size || (limit !== undefined && events.length >= limit)) break;
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
          e.metadata.occurredAt,
          e.metadata.recordedAt,
          e.metadata.actor,
        ]),
      ),
    );
    printer.out(`${events.length} events; next ${market ? 'revision' : 'position'} ${cursor}`);
  }
}
