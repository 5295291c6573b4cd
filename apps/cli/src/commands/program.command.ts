import { Command, SubCommand } from 'nest-commander';
import { formatTable } from '../output/table';
import { printer } from '../output/printer';
import { writeRequest } from '../client/write-request';
import { ApiCommand, GroupCommand, text, type Options } from './api-command';
import { writeCommands } from './write-commands';

const PROGRAM_WRITES = writeCommands(
  {
    name: 'program',
    arguments: '<programId>',
  },
  [
    {
      name: 'create',
      description: 'create a migration program (POST /programs)',
      flags: [
        { flags: '--name <text>', description: 'display name', required: true },
        {
          flags: '--source-region <region>',
          description: 'where the data is now, e.g. cn-north',
          required: true,
        },
        {
          flags: '--deadline <instant>',
          description: 'promised completion, e.g. 2014-10-31T23:59:59+08:00',
          required: true,
        },
        { flags: '--time-zone <zone>', description: 'IANA zone of the deadline (default UTC)' },
        {
          flags: '--categories <list>',
          description: 'comma-separated data categories, e.g. contacts,messages',
          required: true,
        },
      ],
      request: ([programId], options) =>
        writeRequest(
          '/programs',
          {},
          {
            programId,
            name: text(options.name, '--name'),
            sourceRegion: text(options.sourceRegion, '--source-region'),
            deadline: text(options.deadline, '--deadline'),
            timeZone: typeof options.timeZone === 'string' ? options.timeZone : undefined,
            dataCategories: text(options.categories, '--categories')
              .split(',')
              .map((category) => category.trim())
              .filter(Boolean),
          },
        ),
    },
    {
      name: 'deadline',
      description: 'revise the deadline, with a reason (POST /programs/:programId/deadline)',
      flags: [
        { flags: '--deadline <instant>', description: 'the new deadline', required: true },
        { flags: '--reason <text>', description: 'why it moved', required: true },
      ],
      request: ([programId], options) =>
        writeRequest(
          '/programs/{programId}/deadline',
          { programId },
          { deadline: text(options.deadline, '--deadline'), reason: text(options.reason, '--reason') },
        ),
    },
  ],
);

@SubCommand({ name: 'list', description: 'list the programs (GET /programs)' })
export class ProgramListCommand extends ApiCommand {
  protected async execute(_args: string[], options: Options): Promise<void> {
    const client = this.client(options);
    const { body } = await client.ok(client.api.GET('/programs'));
    if (options.json) return printer.json(body);
    printer.out(
      formatTable(
        ['program', 'name', 'source', 'deadline', 'zone', 'markets'],
        body.programs.map((p) => [
          p.programId,
          p.name,
          p.sourceRegion,
          p.deadline,
          p.timeZone,
          // The number of markets (the hand-written type this replaced said an array and printed its length).
          p.markets,
        ]),
      ),
    );
  }
}

export const PROGRAM_SUBCOMMANDS = [...PROGRAM_WRITES, ProgramListCommand];

@Command({
  name: 'program',
  description: 'create, list and revise migration programs',
  subCommands: PROGRAM_SUBCOMMANDS,
})
export class ProgramCommand extends GroupCommand {}
