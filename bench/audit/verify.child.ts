import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  readEventLinesForVerification,
  verifyLog,
  type AuditEvent,
  type ReadEventLinesOptions,
} from '@app/audit';
import { peakRssMb } from '../support/child';
import { now } from '../support/timing';

/**
 * One measured run of verify.bench.ts in a process of its own, so that its peak RSS is the run's: 'raw' reads
 * the lines with readline and hashes each with SHA-256 on one thread; 'verify' runs verifyLog over them as
 * `tracker audit verify-bundle` reads them (past 16 MiB on threads; `threads: 0`: the calling thread alone).
 */
export interface VerifyRequest {
  mode: 'raw' | 'verify';
  file: string;
  /** The checkpoint that signs the log, with position and revision as strings. */
  checkpoint: Omit<AuditEvent, 'position' | 'revision'> & { position: string; revision: string };
  keyId: string;
  publicKeyPem: string;
  threads?: number;
}

export interface VerifyReport {
  events: number;
  ms: number;
  peakRssMb: number;
}

async function rawSha256(file: string): Promise<number> {
  let events = 0;
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    createHash('sha256').update(line).digest('hex');
    events += 1;
  }
  return events;
}

async function verify(request: VerifyRequest): Promise<number> {
  const reading: ReadEventLinesOptions = request.threads === undefined ? {} : { threads: request.threads };
  const checkpoint: AuditEvent = {
    ...request.checkpoint,
    position: BigInt(request.checkpoint.position),
    revision: BigInt(request.checkpoint.revision),
  };
  const report = await verifyLog({
    auditStream: [checkpoint],
    log: readEventLinesForVerification(request.file, reading),
    trustedKeys: new Map([[request.keyId, request.publicKeyPem]]),
  });
  if (!report.ok) throw new Error(`the generated log does not verify: ${JSON.stringify(report.firstBreak)}`);
  return report.events;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as VerifyRequest;
  const started = now();
  const events = request.mode === 'raw' ? await rawSha256(request.file) : await verify(request);
  process.send?.({ events, ms: now() - started, peakRssMb: peakRssMb() } satisfies VerifyReport);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
