import { Command } from 'nest-commander';
import { printer } from '../output/printer';
import {
  formatMarketProgress,
  formatProgramProgress,
  type MarketProgress,
  type ProgramProgress,
} from '../output/progress-format';
import { ApiCommand, path, type Options } from './api-command';

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
      const { body } = await client.call<MarketProgress>(
        'GET',
        `/programs/${path(programId, 'markets', market)}/progress`,
      );
      return options.json ? printer.json(body) : printer.out(formatMarketProgress(body));
    }
    const { body } = await client.call<ProgramProgress>('GET', `/programs/${path(programId)}/progress`);
    return options.json ? printer.json(body) : printer.out(formatProgramProgress(body));
  }
}
