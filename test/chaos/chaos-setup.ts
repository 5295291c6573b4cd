import type { ChaosMarket } from './chaos-client';
import { isSuccess, type ChaosLedger } from './chaos-ledger';
import type { ChaosSender } from './chaos-sender';
import { programBody } from '../support/fixtures';

export interface MarketAssignment {
  market: ChaosMarket;
  /** The clients writing to it: one, or two racing with If-Match. */
  clients: string[];
}

const USERS_IN_SCOPE = 50_000_000;
const REGIONS = ['us-east', 'singapore'];

/** AA, AB, ... ZZ: two-letter codes, as the API requires, enough for any run. */
const marketCode = (index: number) =>
  String.fromCharCode(65 + (Math.floor(index / 26) % 26)) + String.fromCharCode(65 + (index % 26));

/**
 * Which client writes where: one in four clients shares its market with another (two writers racing on one
 * stream with If-Match), the others have a market of their own; markets are spread over programs of 8.
 */
export function assignMarkets(clients: number, names: (index: number) => string): MarketAssignment[] {
  const sharedPairs = Math.floor(clients / 4);
  const assignments: MarketAssignment[] = [];
  for (let client = 0; client < clients;) {
    const index = assignments.length;
    const programId = `chaos-${String.fromCharCode(97 + (Math.floor(index / 8) % 26))}${Math.floor(index / 208) || ''}`;
    const code = marketCode(index);
    const shared = index < sharedPairs && client + 1 < clients;
    const writers = shared ? [names(client), names(client + 1)] : [names(client)];
    client += writers.length;
    assignments.push({
      market: {
        programId,
        market: code,
        streamId: `market-${programId}-${code}`,
        path: `/programs/${programId}/markets/${code}`,
        usersInScope: USERS_IN_SCOPE,
        shared,
      },
      clients: writers,
    });
  }
  return assignments;
}

/**
 * Creates the programs, enrols and starts the markets, with keyed writes sent like every other (the kills
 * begin later, but a setup write cut by one would be retried the same way). Returns each market's revision.
 */
export async function setUp(
  assignments: readonly MarketAssignment[],
  sender: ChaosSender,
  ledger: ChaosLedger,
  keyPrefix: string,
): Promise<Map<string, number>> {
  let count = 0;
  const write = async (step: string, path: string, body: Record<string, unknown>, ifMatch?: number) => {
    const request = ledger.add({
      key: `${keyPrefix}-setup-${++count}`,
      client: 'setup',
      path,
      body,
      ifMatch,
      step,
      kind: 'setup',
    });
    const answer = await sender.write(request);
    if (!isSuccess(answer))
      throw new Error(`setup ${step} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return Number(answer.body.revision);
  };
  const programs = [...new Set(assignments.map((a) => a.market.programId))];
  await Promise.all(
    programs.map((programId) =>
      write(
        `program-${programId} ProgramCreated`,
        '/programs',
        programBody(programId, { name: `Chaos ${programId}` }),
      ),
    ),
  );
  const revisions = new Map<string, number>();
  await Promise.all(
    assignments.map(async ({ market }, index) => {
      const enrolled = await write(
        `${market.streamId} MarketEnrolled`,
        `/programs/${market.programId}/markets`,
        {
          market: market.market,
          targetRegion: REGIONS[index % REGIONS.length],
          usersInScope: market.usersInScope,
        },
      );
      revisions.set(
        market.streamId,
        await write(`${market.streamId} MigrationStarted`, `${market.path}/start`, {}, enrolled),
      );
    }),
  );
  return revisions;
}
