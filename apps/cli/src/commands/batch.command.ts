import { Command, SubCommand } from 'nest-commander';
import { ApiCommand, GroupCommand, integer, path, type Flag, type Options } from './api-command';

const BATCH_ARGS = '<programId> <market> <batchId>';
const ARGS_DESCRIPTION = { programId: 'e.g. intl-2014', market: 'e.g. IN', batchId: 'e.g. IN-0001' };

abstract class BatchStepCommand extends ApiCommand {
  protected override readonly writes = true;
  protected abstract readonly step: 'copied' | 'verified' | 'failed';
  protected abstract body(options: Options): Record<string, unknown>;

  protected async execute([programId, market, batchId]: string[], options: Options): Promise<void> {
    const route = `/programs/${path(programId, 'markets', market, 'batches', batchId)}/${this.step}`;
    await this.write(options, route, this.body(options));
  }
}

@SubCommand({
  name: 'copied',
  arguments: BATCH_ARGS,
  argsDescription: ARGS_DESCRIPTION,
  description: 'a batch of users was copied (again, for a retry)',
})
export class BatchCopiedCommand extends BatchStepCommand {
  protected readonly step = 'copied';
  protected override readonly flags: Flag[] = [
    { flags: '--users <n>', description: 'users in the batch', required: true },
    { flags: '--bytes <n>', description: 'bytes copied' },
  ];

  protected body(options: Options): Record<string, unknown> {
    const bytes = integer(options.bytes, '--bytes');
    return { users: integer(options.users, '--users', 1), ...(bytes !== undefined ? { bytes } : {}) };
  }
}

@SubCommand({
  name: 'verified',
  arguments: BATCH_ARGS,
  argsDescription: ARGS_DESCRIPTION,
  description: 'a copied batch was verified in the target',
})
export class BatchVerifiedCommand extends BatchStepCommand {
  protected readonly step = 'verified';
  protected override readonly flags: Flag[] = [
    { flags: '--checksum <text>', description: 'e.g. sha256:9f86…' },
  ];

  protected body(options: Options): Record<string, unknown> {
    return options.checksum ? { checksum: options.checksum } : {};
  }
}

@SubCommand({
  name: 'failed',
  arguments: BATCH_ARGS,
  argsDescription: ARGS_DESCRIPTION,
  description: 'a batch failed (copy it again to retry)',
})
export class BatchFailedCommand extends BatchStepCommand {
  protected readonly step = 'failed';
  protected override readonly flags: Flag[] = [
    { flags: '--reason <text>', description: 'what went wrong', required: true },
  ];

  protected body(options: Options): Record<string, unknown> {
    return { reason: options.reason };
  }
}

@Command({
  name: 'batch',
  description: 'log a batch of users: copied, verified, failed',
  subCommands: [BatchCopiedCommand, BatchVerifiedCommand, BatchFailedCommand],
})
export class BatchCommand extends GroupCommand {}
