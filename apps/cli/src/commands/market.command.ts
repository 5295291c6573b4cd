import { Command, SubCommand } from 'nest-commander';
import { ApiCommand, GroupCommand, integer, path, type Flag, type Options } from './api-command';

const MARKET_ARGS = '<programId> <market>';
const ARGS_DESCRIPTION = { programId: 'e.g. intl-2014', market: 'two-letter market code, e.g. IN' };

abstract class MarketStepCommand extends ApiCommand {
  protected override readonly writes = true;
  /** The last part of `/programs/:programId/markets/:market/<step>`. */
  protected abstract readonly step: string;

  protected body(_options: Options): Record<string, unknown> {
    return {};
  }

  protected async execute([programId, market]: string[], options: Options): Promise<void> {
    await this.write(
      options,
      `/programs/${path(programId, 'markets', market)}/${this.step}`,
      this.body(options),
    );
  }
}

@SubCommand({
  name: 'enroll',
  arguments: MARKET_ARGS,
  argsDescription: ARGS_DESCRIPTION,
  description: 'enrol a market in a program (POST /programs/:programId/markets)',
})
export class MarketEnrollCommand extends ApiCommand {
  protected override readonly writes = true;
  protected override readonly flags: Flag[] = [
    { flags: '--target-region <region>', description: 'where the data goes, e.g. us-east', required: true },
    { flags: '--users <n>', description: 'users in scope', required: true },
    { flags: '--bytes <n>', description: 'bytes in scope' },
    { flags: '--planned-start <instant>', description: 'when the migration should start' },
  ];

  protected async execute([programId, market]: string[], options: Options): Promise<void> {
    const bytes = integer(options.bytes, '--bytes');
    await this.write(options, `/programs/${path(programId)}/markets`, {
      market,
      targetRegion: options.targetRegion,
      usersInScope: integer(options.users, '--users', 1),
      ...(bytes !== undefined ? { bytesInScope: bytes } : {}),
      ...(options.plannedStart ? { plannedStart: options.plannedStart } : {}),
    });
  }
}

@SubCommand({
  name: 'scope',
  arguments: MARKET_ARGS,
  argsDescription: ARGS_DESCRIPTION,
  description: 'revise the users in scope, with a reason',
})
export class MarketScopeCommand extends MarketStepCommand {
  protected readonly step = 'scope';
  protected override readonly flags: Flag[] = [
    { flags: '--users <n>', description: 'users in scope from now on', required: true },
    { flags: '--reason <text>', description: 'why the scope changed', required: true },
  ];

  protected override body(options: Options): Record<string, unknown> {
    return { usersInScope: integer(options.users, '--users', 1), reason: options.reason };
  }
}

@SubCommand({
  name: 'start',
  arguments: MARKET_ARGS,
  argsDescription: ARGS_DESCRIPTION,
  description: "start the market's migration",
})
export class MarketStartCommand extends MarketStepCommand {
  protected readonly step = 'start';
}

@SubCommand({
  name: 'pause',
  arguments: MARKET_ARGS,
  argsDescription: ARGS_DESCRIPTION,
  description: 'pause the migration, with a reason',
})
export class MarketPauseCommand extends MarketStepCommand {
  protected readonly step = 'pause';
  protected override readonly flags: Flag[] = [
    { flags: '--reason <text>', description: 'why it pauses', required: true },
  ];

  protected override body(options: Options): Record<string, unknown> {
    return { reason: options.reason };
  }
}

@SubCommand({
  name: 'resume',
  arguments: MARKET_ARGS,
  argsDescription: ARGS_DESCRIPTION,
  description: 'resume a paused migration',
})
export class MarketResumeCommand extends MarketStepCommand {
  protected readonly step = 'resume';
}

@SubCommand({
  name: 'cutover',
  arguments: MARKET_ARGS,
  argsDescription: ARGS_DESCRIPTION,
  description: 'record the cutover (every user in scope verified)',
})
export class MarketCutoverCommand extends MarketStepCommand {
  protected readonly step = 'cutover';
}

@SubCommand({
  name: 'purge',
  arguments: MARKET_ARGS,
  argsDescription: ARGS_DESCRIPTION,
  description: 'record that the source data was purged, with evidence',
})
export class MarketPurgeCommand extends MarketStepCommand {
  protected readonly step = 'purge';
  protected override readonly flags: Flag[] = [
    { flags: '--evidence <text>', description: 'what proves the source copy is gone', required: true },
  ];

  protected override body(options: Options): Record<string, unknown> {
    return { evidence: options.evidence };
  }
}

@SubCommand({
  name: 'complete',
  arguments: MARKET_ARGS,
  argsDescription: ARGS_DESCRIPTION,
  description: "mark the market's migration completed",
})
export class MarketCompleteCommand extends MarketStepCommand {
  protected readonly step = 'complete';
}

export const MARKET_SUBCOMMANDS = [
  MarketEnrollCommand,
  MarketScopeCommand,
  MarketStartCommand,
  MarketPauseCommand,
  MarketResumeCommand,
  MarketCutoverCommand,
  MarketPurgeCommand,
  MarketCompleteCommand,
];

@Command({
  name: 'market',
  description: 'enrol a market and log its lifecycle: start, pause, resume, cutover, purge, complete',
  subCommands: MARKET_SUBCOMMANDS,
})
export class MarketCommand extends GroupCommand {}
