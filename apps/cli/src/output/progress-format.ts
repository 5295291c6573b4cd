import { formatTable, thousands } from './table';

/** What the CLI shows of a market's progress (the API's MarketProgressView, or an offline replay's). */
export interface MarketProgress {
  market: string;
  targetRegion: string;
  phase: string;
  status: string;
  stale: boolean;
  reasons: readonly string[];
  usersInScope: number;
  verifiedUsers: number;
  percentVerified: number;
  throughputPerDay: number;
  requiredRatePerDay: number | null;
  projectedFinish: string | null;
  failures: number;
  forecast?: { p50: string | null; p85: string | null; p95: string | null; probabilityByDeadline: number };
}

export interface ProgramProgress {
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

/** A market as a one-row table, its forecast and the reasons for its status. */
export function formatMarketProgress(body: MarketProgress): string {
  const lines = [formatTable(HEADERS, [marketRow(body)])];
  if (body.forecast) {
    const f = body.forecast;
    lines.push(
      `forecast: P50 ${day(f.p50) ?? '-'}, P85 ${day(f.p85) ?? '-'}, P95 ${day(f.p95) ?? '-'}; ` +
        `P(by deadline) ${(f.probabilityByDeadline * 100).toFixed(1)}%`,
    );
  }
  lines.push(...body.reasons.map((reason) => `- ${reason}`));
  return lines.join('\n');
}

/** The program's headline, totals and riskiest market, then one row per market. */
export function formatProgramProgress(body: ProgramProgress): string {
  const t = body.totals;
  return [
    `${body.name} (${body.programId}): deadline ${body.deadline}, ${body.daysLeft} days left as of ${body.asOf}`,
    `${thousands(t.verifiedUsers)} of ${thousands(t.usersInScope)} users verified (${t.percentVerified.toFixed(2)}%)` +
      (body.riskiestMarket
        ? `; riskiest: ${body.riskiestMarket.market} (${body.riskiestMarket.status})`
        : '') +
      (t.staleMarkets ? `; ${t.staleMarkets} stale` : ''),
    '',
    formatTable(HEADERS, body.markets.map(marketRow)),
  ].join('\n');
}
