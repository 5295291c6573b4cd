import { formatCount, formatNumber } from '../support/table';
import { verifyFigures } from './verify.bench';

/**
 * The scale part's offline verification step alone (verify.bench.ts on a bundle-format log of each size, one
 * round as the scale part runs it): events/s against raw SHA-256 of the lines and the verifier's peak RSS, then
 * the peak at the largest size against the smallest. It writes each size's log (~560 B an event) under the OS
 * temp dir and removes it after. By hand: `node -r @swc-node/register bench/audit/verify-scale.main.ts
 * [events ...]` (default 1M and 10M); BENCH_VERIFY_ROUNDS=3 for more rounds.
 */

const FLAT = 1.2;

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  const rounds = Number(process.env.BENCH_VERIFY_ROUNDS ?? 1);
  const peaks: number[] = [];
  for (const events of sizes.length ? sizes : [1_000_000, 10_000_000]) {
    console.log(` - ${formatCount(events)} events`);
    const { figures, verifyPeakMb } = await verifyFigures('scale', events, rounds, false);
    for (const figure of figures)
      console.log(
        `   ${figure.name}: ${formatNumber(figure.candidate)} vs ${formatNumber(figure.baseline)} ${figure.unit}, ratio ${formatNumber(figure.ratio)}`,
      );
    peaks.push(verifyPeakMb);
  }
  if (peaks.length > 1) {
    const flat = peaks[peaks.length - 1] / peaks[0];
    console.log(
      `offline verify peak RSS, largest vs smallest: ${formatNumber(flat)} (target <= ${FLAT}: ${flat <= FLAT ? 'PASS' : 'MISS'})`,
    );
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
