import { Command } from 'nest-commander';
import { printer } from '../output/printer';
import { formatTable, thousands } from '../output/table';
import { ApiCommand, path, type Options } from './api-command';

interface MarketProgress {
  market: string;
  targetRegion: string;
  phase: string;
  status: string;
  stale: boolean;
  reasons: string[];
  usersInScope: number;
  verifiedUsers: number;
  percentVerified: number;
  throughputPerDay: number;
  requiredRatePerDay: number | null;
  projectedFinish: string | null;
  failures: number;
  forecast?: { p50: string | null; p85: string | null; p95: string | null; probabilityByDeadline: number };
}

interface ProgramProgress {
  programId: string;
  name: string;
  deadline: string;
  asOf: string;
  daysLeft: number;
  totals: { usersInScope: number; verifiedUsers: number; percentVerified: number; staleMarkets: number };
  riskiestMarket: { market: string; status: string } | null;
  markets: MarketProgress[];
}

const day = (instant: string | null | undefined) => (instant ? instant.slice(0, 10) : null);

function marketRow(m: MarketProgress): (string | number | null)[] {
  return [
    m.market,
    m.targetRegion,
    m.phase,
    m.status + (m.stale ? ' (stale)' : ''),
    thousands(m.verifiedUsers),
    thousands(m.usersInScope),
    `${m.percentVerified.toFixed(2)}%`,
    thousands(Math.round(m.throughputPerDay)),
    m.requiredRatePerDay === null ? null : thousands(Math.ceil(m.requiredRatePerDay)),
    day(m.projectedFinish),
  ];
}

const HEADERS = [
  'market',
  'target',
  'phase',
  'status',
  'verified',
  'in scope',
  '%',
  'per day',
  'needed/day',
  'finish',
];

@Command({
  name: 'progress',
  arguments: '<programId> [market]',
  argsDescription: {
    programId: 'e.g. intl-2014',
    market: 'one market with its forecast (default: every market)',
  },
  description: 'progress against the deadline: a table per market, or --json',
})
export class ProgressCommand extends ApiCommand {
  protected async execute([programId, market]: string[], options: Options): Promise<void> {
    const client = this.client(options);
    if (market) {
      const { body } = await client.call<MarketProgress>(
        'GET',
        `/programs/${path(programId, 'markets', market)}/progress`,
      );
      if (options.json) return printer.json(body);
      const lines = [formatTable(HEADERS, [marketRow(body)])];
      if (body.forecast) {
        const f = body.forecast;
        lines.push(
          `forecast: P50 ${day(f.p50) ?? '-'}, P85 ${day(f.p85) ?? '-'}, P95 ${day(f.p95) ?? '-'}; ` +
            `P(by deadline) ${(f.probabilityByDeadline * 100).toFixed(1)}%`,
        );
      }
      lines.push(...body.reasons.map((reason) => `- ${reason}`));
      return printer.out(lines.join('\n'));
    }
    const { body } = await client.call<ProgramProgress>('GET', `/programs/${path(programId)}/progress`);
    if (options.json) return printer.json(body);
    const t = body.totals;
    printer.out(
      [
        `${body.name} (${body.programId}): deadline ${body.deadline}, ${body.daysLeft} days left as of ${body.asOf}`,
        `${thousands(t.verifiedUsers)} of ${thousands(t.usersInScope)} users verified (${t.percentVerified.toFixed(2)}%)` +
          (body.riskiestMarket
            ? `; riskiest: ${body.riskiestMarket.market} (${body.riskiestMarket.status})`
            : '') +
          (t.staleMarkets ? `; ${t.staleMarkets} stale` : ''),
        '',
        formatTable(HEADERS, body.markets.map(marketRow)),
      ].join('\n'),
    );
  }
}
