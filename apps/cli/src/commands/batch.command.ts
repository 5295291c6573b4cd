import { Command } from 'nest-commander';
import { writeRequest } from '../client/write-request';
import { count, GroupCommand, integer, text } from './api-command';
import { writeCommands } from './write-commands';

/** The path parameters of a batch's routes, from the subcommand's arguments. */
const inBatch = ([programId, market, batchId]: string[]) => ({ programId, market, batchId });

export const BATCH_SUBCOMMANDS = writeCommands(
  {
    name: 'batch',
    arguments: '<programId> <market> <batchId>',
    argsDescription: { programId: 'e.g. intl-2014', market: 'e.g. IN', batchId: 'e.g. IN-0001' },
  },
  [
    {
      name: 'copied',
      description: 'a batch of users was copied (again, for a retry)',
      flags: [
        { flags: '--users <n>', description: 'users in the batch', required: true },
        { flags: '--bytes <n>', description: 'bytes copied' },
      ],
      request: (args, options) =>
        writeRequest('/programs/{programId}/markets/{market}/batches/{batchId}/copied', inBatch(args), {
          users: count(options.users, '--users', 1),
          bytes: integer(options.bytes, '--bytes'),
        }),
    },
    {
      name: 'verified',
      description: 'a copied batch was verified in the target',
      flags: [{ flags: '--checksum <text>', description: 'e.g. sha256:9f86…' }],
      request: (args, options) =>
        writeRequest('/programs/{programId}/markets/{market}/batches/{batchId}/verified', inBatch(args), {
          checksum: typeof options.checksum === 'string' ? options.checksum : undefined,
        }),
    },
    {
      name: 'failed',
      description: 'a batch failed (copy it again to retry)',
      flags: [{ flags: '--reason <text>', description: 'what went wrong', required: true }],
      request: (args, options) =>
        writeRequest('/programs/{programId}/markets/{market}/batches/{batchId}/failed', inBatch(args), {
          reason: text(options.reason, '--reason'),
        }),
    },
  ],
);

@Command({
  name: 'batch',
  description: 'log a batch of users: copied, verified, failed',
  subCommands: BATCH_SUBCOMMANDS,
})
export class BatchCommand extends GroupCommand {}
