import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  FileKeyStore,
  readEventLinesForVerification,
  verifyLog,
  type AuditEvent,
  type ReadEventLinesOptions,
  type SigningKey,
} from '@app/audit';
import type { Figure } from '../support/figures';
import type { BenchOptions } from '../support/options';
import { alternate } from '../support/rounds';
import { perSecond } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { now } from '../support/timing';
import { writeChainedLog } from './audit-log-fixture';

/**
 * Offline verification of a log (the bundle's events.ndjson: parse, SHA-256 of each event's text, chain per
 * stream, revisions, positions, Merkle tree, signed tree head) against the floor of any verification:
 * reading the same lines and hashing their bytes with SHA-256, on one thread. The verifier reads the file as
 * `tracker audit verify-bundle` does: past 16 MiB, lines are parsed and hashed on threads (one per core, at
 * most 4) while the calling thread checks the chains. Same file, baseline and candidate alternating; one
 * extra run on the calling thread alone is printed for comparison.
 */
interface RunSample {
  value: number;
  events: number;
  ms: number;
}

async function* lines(file: string): AsyncGenerator<string> {
  yield* createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
}

async function rawSha256(file: string): Promise<RunSample> {
  const start = now();
  let events = 0;
  for await (const line of lines(file)) {
    createHash('sha256').update(line).digest('hex');
    events += 1;
  }
  const ms = now() - start;
  return { value: perSecond(events, ms), events, ms };
}

async function verifyFile(
  file: string,
  checkpoint: AuditEvent,
  key: SigningKey,
  reading: ReadEventLinesOptions = {},
): Promise<RunSample> {
  const start = now();
  const report = await verifyLog({
    auditStream: [checkpoint],
    log: readEventLinesForVerification(file, reading),
    trustedKeys: new Map([[key.keyId, key.publicKeyPem]]),
  });
  if (!report.ok) throw new Error(`the generated log does not verify: ${JSON.stringify(report.firstBreak)}`);
  const ms = now() - start;
  return { value: perSecond(report.events, ms), events: report.events, ms };
}

export async function auditVerifyBench(options: BenchOptions): Promise<Figure[]> {
  const total = options.quick ? 100_000 : 1_000_000;
  const rounds = options.quick ? 3 : 3;
  const dir = makeTempDir('audit-verify');
  try {
    const file = join(dir, 'events.ndjson');
    const started = now();
    const key = new FileKeyStore(dir).generate();
    const { bytes, checkpoint } = await writeChainedLog(file, total, key);
    console.log(
      `\n== audit-verify: verifyLog (chains, Merkle tree, signed tree head) over ${formatCount(total)} events vs raw SHA-256 of the same lines`,
    );
    console.log(
      `   ${formatNumber(bytes / 1e6)} MB of NDJSON (10 streams), written in ${formatNumber((now() - started) / 1000)} s; ${rounds} rounds`,
    );
    const comparison = await alternate(
      rounds,
      () => rawSha256(file),
      () => verifyFile(file, checkpoint, key),
      (round, raw, verified) =>
        console.log(
          `   round ${round + 1}: raw sha256 ${formatNumber(raw.value)} ev/s (${formatNumber(raw.ms)} ms) | verify ${formatNumber(verified.value)} ev/s (${formatNumber(verified.ms)} ms)`,
        ),
    );
    const alone = await verifyFile(file, checkpoint, key, { threads: 0 });
    console.log(`   for comparison, verify on the calling thread alone: ${formatNumber(alone.value)} ev/s`);
    return [
      {
        part: 'audit-verify',
        name: `verify ${formatCount(total)} events vs raw SHA-256`,
        durability: 'n/a (reads a file)',
        unit: 'events/s',
        baseline: comparison.medianBaseline,
        candidate: comparison.medianCandidate,
        ratio: comparison.ratio,
        target: 0.5,
      },
    ];
  } finally {
    removeTempDir(dir);
  }
}
