import { Command } from 'nest-commander';
import { printer } from '../output/printer';
import { formatMarketProgress, formatProgramProgress } from '../output/progress-format';
import { ApiCommand, type Options } from './api-command';

@Command({
  name: 'progress',
  arguments: '<programId> [market]',
  argsDescription: {
    programId: 'e.g. intl-2014',
    market: 'one market with its forecast (default: every market)',
  },
  description: 'progress against the deadline: a table per market, or --json',
})
export class ProgressCommand extends ApiCommand {
  protected async execute([programId, market]: string[], options: Options): Promise<void> {
    const client = this.client(options);
    if (market) {
      const { body } = await client.ok(
        client.api.GET('/programs/{programId}/markets/{market}/progress', {
          params: { path: { programId, market } },
        }),
      );
      return options.json ? printer.json(body) : printer.out(formatMarketProgress(body));
    }
    const { body } = await client.ok(
      client.api.GET('/programs/{programId}/progress', { params: { path: { programId } } }),
    );
    return options.json ? printer.json(body) : printer.out(formatProgramProgress(body));
  }
}
