import { DomainError } from '@app/domain';
import { readModelProjections } from '../read-models/read-models';
import { inMemory, logged, positioned, type LogEntry } from '../read-models/testing/read-model.story';
import {
  at,
  completed,
  copied,
  cutover,
  enrolled,
  P,
  programCreated,
  purged,
  started,
  verified,
} from '../read-models/testing/tracker.fixtures';
import type { ProjectionRunner } from '../runner/projection-runner';
import { ProgressCalculator } from './progress.calculator';
import { ProgressService } from './progress.service';
import { ReadModels } from './read-models.queries';

/** 1 June 2014, noon in Singapore (the program's zone); the deadline is 31 October, 23:59:59 there. */
const now = new Date('2014-06-01T04:00:00.000Z');

/** The read models built from `log` (event by event, on in-memory SQLite), read as the runner's reader would. */
function readModelsOf(log: LogEntry[]): ReadModels {
  const contexts = new Map(
    readModelProjections.map((projection) => [projection.name, inMemory(projection).context]),
  );
  for (const event of positioned(log)) {
    for (const projection of readModelProjections) projection.apply(event, contexts.get(projection.name)!);
  }
  const reader = {
    all: (name: string, sql: string, ...params: unknown[]) => contexts.get(name)!.all(sql, ...params),
    get: (name: string, sql: string, ...params: unknown[]) => contexts.get(name)!.get(sql, ...params),
  };
  return new ReadModels({ reader } as unknown as ProjectionRunner);
}

const service = (log: LogEntry[]) =>
  new ProgressService(readModelsOf(log), new ProgressCalculator({ staleAfterMs: 24 * 3_600_000 }), () => now);

/** `users` verified in one batch copied and verified at `day` 10:00 UTC. */
const batch = (market: string, id: string, users: number, day: string): LogEntry[] => [
  logged(copied(market, id, users), at(`${day}T09`)),
  logged(verified(market, id, users), at(`${day}T10`)),
];

/**
 * Five markets on 1 June: HK completed; IN verifying 1,000 a day, far below its rate; MY and SG idle for
 * ten days (stale, nothing verified in the last week), SG the less advanced; TW enrolled, not started.
 */
const program: LogEntry[] = [
  logged(programCreated(), at('03-01T00')),
  logged(enrolled('HK', { usersInScope: 2000 }), at('04-01T00')),
  logged(enrolled('IN', { usersInScope: 500_000 }), at('04-01T00')),
  logged(enrolled('MY', { usersInScope: 10_000 }), at('04-01T00')),
  logged(enrolled('SG', { usersInScope: 10_000 }), at('04-01T00')),
  logged(enrolled('TW'), at('04-01T00')),
  logged(started('HK'), at('05-01T00')),
  ...batch('HK', 'h1', 2000, '05-02'),
  logged(cutover('HK', 2000), at('05-03T00')),
  logged(purged('HK'), at('05-04T00')),
  logged(completed('HK'), at('05-30T00')),
  logged(started('MY'), at('05-20T00')),
  ...batch('MY', 'm1', 2000, '05-21'),
  logged(started('SG'), at('05-20T00')),
  ...batch('SG', 's1', 500, '05-21'),
  logged(started('IN'), at('05-25T01')),
  ...['05-25', '05-26', '05-27', '05-28', '05-29', '05-30', '05-31'].flatMap((day, i) =>
    batch('IN', `i${i}`, 1000, day),
  ),
  logged(copied('IN', 'i7', 300), at('05-31T11')),
];

const withoutMy = program.filter((e) => e.data.market !== 'MY');

describe('ProgressService', () => {
  describe("a program's progress", () => {
    it('sums its markets, counts them by status and staleness, and names the one most behind', () => {
      const view = service(program).programProgress(P);
      expect(view).toMatchObject({
        programId: P,
        name: 'International 2014',
        sourceRegion: 'cn-north',
        deadline: '2014-10-31T15:59:59.000Z',
        timeZone: 'Asia/Singapore',
        dataCategories: ['contacts', 'messages'],
        asOf: '2014-06-01T04:00:00.000Z',
        daysLeft: 152.5,
        totals: {
          markets: 5,
          usersInScope: 523_000,
          copiedUsers: 300,
          verifiedUsers: 11_500,
          remainingUsers: 511_500,
          percentVerified: 2.19, // 11,500 / 523,000 = 2.198...%, rounded down
          byStatus: {
            off_track: 3,
            at_risk: 0,
            not_started: 1,
            on_track: 0,
            completed_late: 0,
            completed: 1,
          },
          staleMarkets: 2,
        },
        riskiestMarket: {
          market: 'SG',
          status: 'off_track',
          reasons: [
            'needs 62 users/day, doing 0 (0% of the required rate)',
            'stale: no step logged for 258.0 h (expected within 24.0 h)',
          ],
        },
        position: program.length,
      });
      expect(view.markets.map((m) => [m.market, m.status, m.stale])).toEqual([
        ['HK', 'completed', false],
        ['IN', 'off_track', false],
        ['MY', 'off_track', true],
        ['SG', 'off_track', true],
        ['TW', 'not_started', false],
      ]);
      expect(view.markets.find((m) => m.market === 'IN')).toMatchObject({
        throughputPerDay: 1000,
        copiedUsers: 300,
        verifiedUsers: 7000,
      });
      expect(view.markets.every((m) => m.forecast === undefined)).toBe(true);
    });

    it('names the market furthest behind its required rate before the least verified', () => {
      // IN does a third of what it needs, SG nothing: SG, though it has verified more of its users
      const view = service([...withoutMy, ...batch('SG', 's2', 5000, '05-22')]).programProgress(P);
      expect(view.riskiestMarket?.market).toBe('SG');
      // without SG and MY, IN is the only market behind
      const calmer = service(program.filter((e) => !['SG', 'MY'].includes(String(e.data.market))));
      expect(calmer.programProgress(P).riskiestMarket).toMatchObject({ market: 'IN', status: 'off_track' });
    });

    it('compares how far behind their own rates markets are, not their raw figures', () => {
      // SG does 30 a day of the 61 it needs (49%), IN 1,000 of 3,233 (31%): IN is further behind
      const view = service([...withoutMy, ...batch('SG', 's2', 210, '05-30')]).programProgress(P);
      expect(view.markets.find((m) => m.market === 'SG')).toMatchObject({
        status: 'off_track',
        throughputPerDay: 30,
      });
      expect(view.riskiestMarket?.market).toBe('IN');
    });

    it('names a market not started when none is behind, and none when all are on track or done', () => {
      const quiet = program.filter((e) =>
        ['HK', 'TW', undefined].includes(e.data.market as string | undefined),
      );
      expect(service(quiet).programProgress(P).riskiestMarket).toEqual({
        market: 'TW',
        status: 'not_started',
        reasons: ['no planned start set'],
      });
      const done = program.filter((e) => ['HK', undefined].includes(e.data.market as string | undefined));
      expect(service(done).programProgress(P)).toMatchObject({
        riskiestMarket: null,
        totals: { markets: 1, percentVerified: 100, byStatus: { completed: 1, off_track: 0 } },
      });
    });

    it('has zero totals and its own position without markets', () => {
      const view = service([logged(programCreated(), at('03-01T00'))]).programProgress(P);
      expect(view).toMatchObject({
        totals: {
          markets: 0,
          usersInScope: 0,
          verifiedUsers: 0,
          remainingUsers: 0,
          percentVerified: 0,
          staleMarkets: 0,
          byStatus: {
            off_track: 0,
            at_risk: 0,
            not_started: 0,
            on_track: 0,
            completed_late: 0,
            completed: 0,
          },
        },
        riskiestMarket: null,
        markets: [],
        position: 1,
      });
    });
  });

  describe("a market's progress", () => {
    it('comes with its forecast', () => {
      const view = service(program).market(P, 'IN');
      expect(view).toMatchObject({ market: 'IN', status: 'off_track', verifiedUsers: 7000 });
      expect(view.forecast).toMatchObject({ basis: 'monte_carlo', trials: 10_000 });
    });

    it('is refused, naming what is missing, for an unknown program or a market not enrolled', () => {
      const progress = service(program);
      const refusal = (read: () => unknown) => {
        try {
          read();
        } catch (error) {
          return error instanceof DomainError
            ? { code: error.code, kind: error.kind, message: error.message, details: error.details }
            : error;
        }
        return 'answered';
      };
      expect(refusal(() => progress.programProgress('nope'))).toEqual({
        code: 'program_not_found',
        kind: 'not_found',
        message: 'Program nope does not exist (or is not yet in the read models).',
        details: { programId: 'nope' },
      });
      expect(refusal(() => progress.market('nope', 'IN'))).toMatchObject({ code: 'program_not_found' });
      expect(refusal(() => progress.market(P, 'JP'))).toEqual({
        code: 'market_not_enrolled',
        kind: 'not_found',
        message: `Market JP is not enrolled in program ${P}.`,
        details: { programId: P, market: 'JP' },
      });
    });
  });
});

describe('ReadModels', () => {
  const log: LogEntry[] = [
    logged(programCreated(), at('03-01T00')),
    logged(programCreated({ programId: 'another', name: 'Another' }), at('03-01T00')),
    logged(enrolled('IN'), at('04-01T00')),
    logged(enrolled('HK'), at('04-02T00')),
    logged(started('HK'), at('04-05T00')),
    logged(started('IN'), at('04-03T00')),
    // logged late: happened first of all the markets' steps
    logged(copied('IN', 'b0', 5), at('03-30T00'), at('04-06T00')),
    logged(copied('HK', 'h1', 5), at('04-05T00')),
    // at the same instant as HK's copy, logged after it
    logged(copied('IN', 'b1', 5), at('04-05T00')),
  ];
  let readModels: ReadModels;
  // Built in a hook, not while the suite is collected: a read model that fails here fails these tests.
  beforeAll(() => {
    readModels = readModelsOf(log);
  });
  const steps = (rows: Array<{ position: number; market: string | null }>) =>
    rows.map((row) => `${row.position}:${row.market ?? '-'}`);

  it('lists programs by id', () => {
    expect(readModels.programs().map((p) => p.program_id)).toEqual(['another', P]);
  });

  it("gives a program's latest steps by when they happened, all markets merged, up to the limit", () => {
    expect(steps(readModels.timeline(P, undefined, 100))).toEqual([
      '9:IN',
      '8:HK',
      '5:HK',
      '6:IN',
      '4:HK',
      '3:IN',
      '7:IN',
      '1:-',
    ]);
    expect(steps(readModels.timeline(P, undefined, 3))).toEqual(['9:IN', '8:HK', '5:HK']);
  });

  it("gives one market's latest steps, up to the limit", () => {
    expect(steps(readModels.timeline(P, 'IN', 100))).toEqual(['9:IN', '6:IN', '3:IN', '7:IN']);
    expect(steps(readModels.timeline(P, 'IN', 1))).toEqual(['9:IN']);
  });

  it("gives a market's days in order", () => {
    expect(readModels.daily(P, 'IN').map((d) => d.day)).toEqual(['2014-03-30', '2014-04-05']);
    expect(readModels.markets(P).map((m) => m.market)).toEqual(['HK', 'IN']);
    expect(readModels.market(P, 'JP')).toBeUndefined();
  });
});
