import { Command } from 'nest-commander';
import { GroupCommand, integer } from './api-command';
import { writeCommands } from './write-commands';

export const BATCH_SUBCOMMANDS = writeCommands(
  {
    name: 'batch',
    arguments: '<programId> <market> <batchId>',
    argsDescription: { programId: 'e.g. intl-2014', market: 'e.g. IN', batchId: 'e.g. IN-0001' },
    route: ([programId, market, batchId], step) => ({
      path: `/programs/{programId}/markets/{market}/batches/{batchId}/${step as 'copied' | 'verified' | 'failed'}`,
      params: { programId, market, batchId },
    }),
  },
  [
    {
      name: 'copied',
      description: 'a batch of users was copied (again, for a retry)',
      flags: [
        { flags: '--users <n>', description: 'users in the batch', required: true },
        { flags: '--bytes <n>', description: 'bytes copied' },
      ],
      body: (options) => {
        const bytes = integer(options.bytes, '--bytes');
        return { users: integer(options.users, '--users', 1), ...(bytes !== undefined ? { bytes } : {}) };
      },
    },
    {
      name: 'verified',
      description: 'a copied batch was verified in the target',
      flags: [{ flags: '--checksum <text>', description: 'e.g. sha256:9f86…' }],
      body: (options) => (options.checksum ? { checksum: options.checksum } : {}),
    },
    {
      name: 'failed',
      description: 'a batch failed (copy it again to retry)',
      flags: [{ flags: '--reason <text>', description: 'what went wrong', required: true }],
      body: (options) => ({ reason: options.reason }),
    },
  ],
);

@Command({
  name: 'batch',
  description: 'log a batch of users: copied, verified, failed',
  subCommands: BATCH_SUBCOMMANDS,
})
export class BatchCommand extends GroupCommand {}
