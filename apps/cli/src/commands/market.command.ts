import { Command } from 'nest-commander';
import { GroupCommand, integer } from './api-command';
import { writeCommands } from './write-commands';

/** The steps POSTed to `/programs/{programId}/markets/{market}/<step>` (each checked against the document). */
type MarketStep = 'scope' | 'start' | 'pause' | 'resume' | 'cutover' | 'purge' | 'complete';

export const MARKET_SUBCOMMANDS = writeCommands(
  {
    name: 'market',
    arguments: '<programId> <market>',
    argsDescription: { programId: 'e.g. intl-2014', market: 'two-letter market code, e.g. IN' },
    route: ([programId, market], step) => ({
      path: `/programs/{programId}/markets/{market}/${step as MarketStep}`,
      params: { programId, market },
    }),
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
      route: ([programId]) => ({ path: '/programs/{programId}/markets', params: { programId } }),
      body: (options, [, market]) => {
        const bytes = integer(options.bytes, '--bytes');
        return {
          market,
          targetRegion: options.targetRegion,
          usersInScope: integer(options.users, '--users', 1),
          ...(bytes !== undefined ? { bytesInScope: bytes } : {}),
          ...(options.plannedStart ? { plannedStart: options.plannedStart } : {}),
        };
      },
    },
    {
      name: 'scope',
      description: 'revise the users in scope, with a reason',
      flags: [
        { flags: '--users <n>', description: 'users in scope from now on', required: true },
        { flags: '--reason <text>', description: 'why the scope changed', required: true },
      ],
      body: (options) => ({ usersInScope: integer(options.users, '--users', 1), reason: options.reason }),
    },
    { name: 'start', description: "start the market's migration" },
    {
      name: 'pause',
      description: 'pause the migration, with a reason',
      flags: [{ flags: '--reason <text>', description: 'why it pauses', required: true }],
      body: (options) => ({ reason: options.reason }),
    },
    { name: 'resume', description: 'resume a paused migration' },
    { name: 'cutover', description: 'record the cutover (every user in scope verified)' },
    {
      name: 'purge',
      description: 'record that the source data was purged, with evidence',
      flags: [
        { flags: '--evidence <text>', description: 'what proves the source copy is gone', required: true },
      ],
      body: (options) => ({ evidence: options.evidence }),
    },
    { name: 'complete', description: "mark the market's migration completed" },
  ],
);

@Command({
  name: 'market',
  description: 'enrol a market and log its lifecycle: start, pause, resume, cutover, purge, complete',
  subCommands: MARKET_SUBCOMMANDS,
})
export class MarketCommand extends GroupCommand {}
