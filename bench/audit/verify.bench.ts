import { join } from 'node:path';
import { FileKeyStore } from '@app/audit';
import { runChild } from '../support/child';
import type { Figure } from '../support/figures';
import type { BenchOptions } from '../support/options';
import { alternate } from '../support/rounds';
import { perSecond } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { now } from '../support/timing';
import { writeChainedLog } from './audit-log-fixture';
import type { VerifyReport, VerifyRequest } from './verify.child';

/**
 * Offline verification of a log (the bundle's events.ndjson: parse, SHA-256 of each event's text, chain per
 * stream, revisions, positions, Merkle tree, signed tree head) against the floor of any verification:
 * reading the same lines and hashing their bytes with SHA-256, on one thread. The verifier reads the file as
 * `tracker audit verify-bundle` does: past 16 MiB, lines are parsed and hashed on threads (one per core, at
 * most 4) while the calling thread checks the chains. Same file, baseline and candidate alternating, each run
 * a process of its own (verify.child.ts: its peak RSS is the run's); one extra run on the calling thread
 * alone is printed for comparison.
 */
interface RunSample {
  value: number;
  report: VerifyReport;
}

const CHILD_TIMEOUT_MS = 60 * 60_000;
const RATIO_TARGET = 0.5;
const DURABILITY = 'n/a (reads a file)';

export interface VerifyFigures {
  figures: Figure[];
  /** Worst peak RSS of the verifier's rounds, MB. */
  verifyPeakMb: number;
}

/**
 * The ratio figure and the verifier's peak RSS (worst round) over a log of `total` events; `alone`: one more
 * run on the calling thread alone, printed.
 */
export async function verifyFigures(
  part: string,
  total: number,
  rounds: number,
  alone = true,
): Promise<VerifyFigures> {
  const dir = makeTempDir(`${part}-${total}`);
  try {
    const file = join(dir, 'events.ndjson');
    const started = now();
    const key = new FileKeyStore(dir).generate();
    const { bytes, checkpoint } = await writeChainedLog(file, total, key);
    console.log(
      `   ${formatNumber(bytes / 1e6)} MB of NDJSON (10 streams), written in ${formatNumber((now() - started) / 1000)} s; ${rounds} round(s)`,
    );
    const request = (mode: VerifyRequest['mode'], threads?: number): VerifyRequest => ({
      mode,
      file,
      checkpoint: {
        ...checkpoint,
        position: String(checkpoint.position),
        revision: String(checkpoint.revision),
      },
      keyId: key.keyId,
      publicKeyPem: key.publicKeyPem,
      ...(threads === undefined ? {} : { threads }),
    });
    const run = async (mode: VerifyRequest['mode'], label: string, threads?: number): Promise<RunSample> => {
      const report = await runChild<VerifyReport>(
        join(__dirname, 'verify.child'),
        request(mode, threads),
        label,
        CHILD_TIMEOUT_MS,
      );
      if (report.events !== total + 1)
        throw new Error(`${label} read ${report.events} lines, not ${total + 1}`);
      return { value: perSecond(report.events, report.ms), report };
    };
    const describe = (sample: RunSample): string =>
      `${formatNumber(sample.value)} ev/s (${formatNumber(sample.report.ms)} ms, peak RSS ${formatNumber(sample.report.peakRssMb)} MB)`;
    const comparison = await alternate(
      rounds,
      (round) => run('raw', `${part}-raw-${total}-${round + 1}`),
      (round) => run('verify', `${part}-verify-${total}-${round + 1}`),
      (round, raw, verified) =>
        console.log(`   round ${round + 1}: raw sha256 ${describe(raw)} | verify ${describe(verified)}`),
    );
    if (alone) {
      const single = await run('verify', `${part}-verify-alone-${total}`, 0);
      console.log(`   for comparison, verify on the calling thread alone: ${describe(single)}`);
    }
    const rawPeak = Math.max(...comparison.baseline.map((sample) => sample.report.peakRssMb));
    const verifyPeak = Math.max(...comparison.candidate.map((sample) => sample.report.peakRssMb));
    const figures: Figure[] = [
      {
        part,
        name: `verify ${formatCount(total)} events vs raw SHA-256`,
        durability: DURABILITY,
        unit: 'events/s',
        baseline: comparison.medianBaseline,
        candidate: comparison.medianCandidate,
        ratio: comparison.ratio,
        target: RATIO_TARGET,
      },
      {
        part,
        name: `peak RSS, verify ${formatCount(total)} events vs raw SHA-256 (worst round)`,
        durability: DURABILITY,
        unit: 'MB',
        baseline: rawPeak,
        candidate: verifyPeak,
        ratio: verifyPeak / rawPeak,
      },
    ];
    return { figures, verifyPeakMb: verifyPeak };
  } finally {
    removeTempDir(dir);
  }
}

export async function auditVerifyBench(options: BenchOptions): Promise<Figure[]> {
  const total = options.quick ? 100_000 : 1_000_000;
  console.log(
    `\n== audit-verify: verifyLog (chains, Merkle tree, signed tree head) over ${formatCount(total)} events vs raw SHA-256 of the same lines`,
  );
  return (await verifyFigures('audit-verify', total, 3)).figures;
}
