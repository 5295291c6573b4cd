import { Command, SubCommand } from 'nest-commander';
import { formatTable } from '../output/table';
import { printer } from '../output/printer';
import { ApiCommand, GroupCommand, path, type Options } from './api-command';

@SubCommand({
  name: 'create',
  arguments: '<programId>',
  description: 'create a migration program (POST /programs)',
})
export class ProgramCreateCommand extends ApiCommand {
  protected override readonly writes = true;
  protected override readonly flags = [
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
  ];

  protected async execute([programId]: string[], options: Options): Promise<void> {
    await this.write(options, '/programs', {
      programId,
      name: options.name,
      sourceRegion: options.sourceRegion,
      deadline: options.deadline,
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      dataCategories: String(options.categories)
        .split(',')
        .map((category) => category.trim())
        .filter(Boolean),
    });
  }
}

@SubCommand({
  name: 'deadline',
  arguments: '<programId>',
  description: 'revise the deadline, with a reason (POST /programs/:programId/deadline)',
})
export class ProgramDeadlineCommand extends ApiCommand {
  protected override readonly writes = true;
  protected override readonly flags = [
    { flags: '--deadline <instant>', description: 'the new deadline', required: true },
    { flags: '--reason <text>', description: 'why it moved', required: true },
  ];

  protected async execute([programId]: string[], options: Options): Promise<void> {
    await this.write(options, `/programs/${path(programId)}/deadline`, {
      deadline: options.deadline,
      reason: options.reason,
    });
  }
}

interface ProgramList {
  programs: {
    programId: string;
    name: string;
    sourceRegion: string;
    deadline: string;
    timeZone: string;
    markets: unknown[];
  }[];
}

@SubCommand({ name: 'list', description: 'list the programs (GET /programs)' })
export class ProgramListCommand extends ApiCommand {
  protected async execute(_args: string[], options: Options): Promise<void> {
    const { body } = await this.client(options).call<ProgramList>('GET', '/programs');
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
          p.markets.length,
        ]),
      ),
    );
  }
}

@Command({
  name: 'program',
  description: 'create, list and revise migration programs',
  subCommands: [ProgramCreateCommand, ProgramDeadlineCommand, ProgramListCommand],
})
export class ProgramCommand extends GroupCommand {}
