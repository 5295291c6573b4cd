#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import { CliModule } from './cli.module';
import { EXIT } from './client/exit-codes';

interface RootProgram {
  readonly commands: readonly { name(): string; readonly commands: readonly { name(): string }[] }[];
  name(name: string): RootProgram;
  description(text: string): RootProgram;
  showHelpAfterError(text: string): RootProgram;
  addHelpText(position: 'after', text: string): RootProgram;
}

/** `tracker <command>`: the migration tracker's operator and auditor CLI. Exit codes: see client/exit-codes.ts. */
async function main(): Promise<void> {
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: false,
    serviceErrorHandler: (error) => {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = EXIT.server;
    },
  });
  // The root command is commander's own; give it the name users type and a description for `tracker --help`.
  const root = (app.get(CommandRunnerService) as unknown as { commander: RootProgram }).commander;
  root
    .name('tracker')
    .description('Operator and auditor CLI of the migration tracker; talks to its HTTP API.')
    .addHelpText(
      'after',
      '\nConnection: --url and --key, else TRACKER_URL and TRACKER_KEY, else ~/.config/migration-tracker/config.json\n' +
        '({ "url": ..., "key": ... }, or --config <file>). Add --help to any command for its options.\n' +
        'Exit codes: 0 ok; 1 usage or invalid input (400) or rejected import rows; 2 key missing or refused (401/403);\n' +
        '3 not found (404); 4 a rule of the migration or a conflict (409/422), or evidence that does not verify;\n' +
        '5 server error or unreachable; 6 evidence intact but signed only by keys that came with it (pin a key).',
    );
  root.addHelpText('after', subcommandList(root));
  root.showHelpAfterError('(add --help for usage)');
  await CommandFactory.runApplication(app);
  await app.close();
}

/** `tracker --help` names every subcommand too, read from the commands registered (so none is left out). */
function subcommandList(root: RootProgram): string {
  const groups = root.commands.filter((command) => command.commands.length > 0);
  const width = Math.max(...groups.map((group) => group.name().length));
  const lines = groups.map(
    (group) =>
      `  ${group.name().padEnd(width)}  ${group.commands.map((command) => command.name()).join(', ')}`,
  );
  return `\nSubcommands (tracker <command> <subcommand> --help for each):\n${lines.join('\n')}`;
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.server;
  })
  .finally(() => process.exit(process.exitCode ?? 0));
