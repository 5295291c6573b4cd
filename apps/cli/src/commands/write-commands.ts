import type { Type } from '@nestjs/common';
import { SubCommand } from 'nest-commander';
import type { WriteRequest } from '../client/write-request';
import { ApiCommand, type Flag, type Options } from './api-command';

/** What the write subcommands of one group (`tracker market ...`) have in common. */
export interface WriteGroup {
  /** The group's name: its steps become classes named `<Group><Step>Command`, e.g. `MarketPauseCommand`. */
  name: string;
  arguments: string;
  argsDescription?: Record<string, string>;
}

/** One write subcommand: only what is its own. */
export interface WriteStep {
  name: string;
  description: string;
  /** Its own options; every step also takes the write options and the connection options. */
  flags?: Flag[];
  /**
   * The route, its parameters and its body, typed by the document (`writeRequest`); throws a CliError for a
   * malformed option, before anything is sent.
   */
  request(args: string[], options: Options): WriteRequest;
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
        await this.write(options, step.request(args, options));
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
