import { Command } from 'nest-commander';
import { writeRequest } from '../client/write-request';
import { count, GroupCommand, integer, text } from './api-command';
import { writeCommands } from './write-commands';

/** The path parameters of a market's routes, from the subcommand's arguments. */
const inMarket = ([programId, market]: string[]) => ({ programId, market });
/** A step without a body of its own (only the write options, e.g. --occurred-at). */
const bare = (step: 'start' | 'resume' | 'cutover' | 'complete') => (args: string[]) =>
  writeRequest(`/programs/{programId}/markets/{market}/${step}`, inMarket(args), {});

export const MARKET_SUBCOMMANDS = writeCommands(
  {
    name: 'market',
    arguments: '<programId> <market>',
    argsDescription: { programId: 'e.g. intl-2014', market: 'two-letter market code, e.g. IN' },
  },
  [
    {
      name: 'enroll',
      description: 'enrol a market in a program (POST /programs/:programId/markets)',
      flags: [
        {
          flags: '--target-region <region>',
          description: 'where the data goes, e.g. us-east',
          required: true,
        },
        { flags: '--users <n>', description: 'users in scope', required: true },
        { flags: '--bytes <n>', description: 'bytes in scope' },
        { flags: '--planned-start <instant>', description: 'when the migration should start' },
      ],
      request: ([programId, market], options) =>
        writeRequest(
          '/programs/{programId}/markets',
          { programId },
          {
            market,
            targetRegion: text(options.targetRegion, '--target-region'),
            usersInScope: count(options.users, '--users', 1),
            bytesInScope: integer(options.bytes, '--bytes'),
            plannedStart: typeof options.plannedStart === 'string' ? options.plannedStart : undefined,
          },
        ),
    },
    {
      name: 'scope',
      description: 'revise the users in scope, with a reason',
      flags: [
        { flags: '--users <n>', description: 'users in scope from now on', required: true },
        { flags: '--reason <text>', description: 'why the scope changed', required: true },
      ],
      request: (args, options) =>
        writeRequest('/programs/{programId}/markets/{market}/scope', inMarket(args), {
          usersInScope: count(options.users, '--users', 1),
          reason: text(options.reason, '--reason'),
        }),
    },
    { name: 'start', description: "start the market's migration", request: bare('start') },
    {
      name: 'pause',
      description: 'pause the migration, with a reason',
      flags: [{ flags: '--reason <text>', description: 'why it pauses', required: true }],
      request: (args, options) =>
        writeRequest('/programs/{programId}/markets/{market}/pause', inMarket(args), {
          reason: text(options.reason, '--reason'),
        }),
    },
    { name: 'resume', description: 'resume a paused migration', request: bare('resume') },
    {
      name: 'cutover',
      description: 'record the cutover (every user in scope verified)',
      request: bare('cutover'),
    },
    {
      name: 'purge',
      description: 'record that the source data was purged, with evidence',
      flags: [
        { flags: '--evidence <text>', description: 'what proves the source copy is gone', required: true },
      ],
      request: (args, options) =>
        writeRequest('/programs/{programId}/markets/{market}/purge', inMarket(args), {
          evidence: text(options.evidence, '--evidence'),
        }),
    },
    { name: 'complete', description: "mark the market's migration completed", request: bare('complete') },
  ],
);

@Command({
  name: 'market',
  description: 'enrol a market and log its lifecycle: start, pause, resume, cutover, purge, complete',
  subCommands: MARKET_SUBCOMMANDS,
})
export class MarketCommand extends GroupCommand {}
