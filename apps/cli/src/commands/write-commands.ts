import type { Type } from '@nestjs/common';
import { SubCommand } from 'nest-commander';
import { ApiCommand, type Flag, type Options, type WriteRoute } from './api-command';

/** What the write subcommands of one group (`tracker market ...`) have in common. */
export interface WriteGroup {
  /** The group's name: its steps become classes named `<Group><Step>Command`, e.g. `MarketPauseCommand`. */
  name: string;
  arguments: string;
  argsDescription?: Record<string, string>;
  /** Where a step is POSTed, e.g. `/programs/{programId}/markets/{market}/<step>`. */
  route(args: string[], step: string): WriteRoute;
}

/** One write subcommand: only what is its own. */
export interface WriteStep {
  name: string;
  description: string;
  /** Its own options; every step also takes the write options and the connection options. */
  flags?: Flag[];
  /** The JSON body (default `{}`); throws a CliError for a malformed option, before anything is sent. */
  body?(options: Options, args: string[]): Record<string, unknown>;
  /** Only for a step whose route is not the group's. */
  route?(args: string[]): WriteRoute;
}

/**
 * The subcommands of a group that POST one step each and print the write result: one class per step, in the
 * order given (`--help` lists them in the order the module registers them).
 */
export function writeCommands(group: WriteGroup, steps: WriteStep[]): Type<ApiCommand>[] {
  return steps.map((step) => {
    class WriteCommand extends ApiCommand {
      protected override readonly writes = true;
      protected override readonly flags = step.flags ?? [];

      protected async execute(args: string[], options: Options): Promise<void> {
        const route = step.route ? step.route(args) : group.route(args, step.name);
        await this.write(options, route, step.body?.(options, args) ?? {});
      }
    }
    // nest-commander finds a group's subcommands by class name, so every step needs a name of its own.
    Object.defineProperty(WriteCommand, 'name', {
      value: `${capital(group.name)}${capital(step.name)}Command`,
    });
    SubCommand({
      name: step.name,
      arguments: group.arguments,
      argsDescription: group.argsDescription,
      description: step.description,
    })(WriteCommand);
    return WriteCommand;
  });
}

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
