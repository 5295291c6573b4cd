import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { copyLogTo, EVENTS_FILENAME, generatedLog } from '../support/generated-logs';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { describeAuditMemory, measureAuditMemory, type AuditMemoryFigure } from './audit-memory.measure';

/**
 * Peak RSS of the API process over one GET /audit/verify (streamed, NDJSON) and one GET /audit/bundle (the
 * tar drained, not kept) on generated logs of 100k and 1M events: each on a server of its own, whose peak mark
 * is reset once start-up and the read models' catch-up are done, so the figure is the operation's. By hand:
 * `node -r @swc-node/register bench/audit/audit-memory.main.ts [events ...]`; the scale part of `npm run
 * bench` measures it at 1M and 10M events. BENCH_AUDIT_DATA_DIR=<dir> keeps each size's data dir in
 * <dir>/<events> instead of a temp dir: the log is copied there once, and the read models and Merkle tree a run
 * caught up serve the next (a 10M-event catch-up takes tens of minutes); never removed by the bench.
 * BENCH_AUDIT_OPS=bundle (or verify) measures only that one.
 */

const OPS: readonly AuditMemoryFigure['op'][] = ['verify', 'bundle'];

function chosenOps(env: NodeJS.ProcessEnv = process.env): AuditMemoryFigure['op'][] {
  if (!env.BENCH_AUDIT_OPS) return [...OPS];
  return env.BENCH_AUDIT_OPS.split(',').map((text) => {
    const op = OPS.find((name) => name === text.trim());
    if (!op) throw new Error(`BENCH_AUDIT_OPS: "${text}" is not one of ${OPS.join(', ')}`);
    return op;
  });
}

async function measure(events: number): Promise<void> {
  const log = await generatedLog(events);
  const kept = process.env.BENCH_AUDIT_DATA_DIR;
  const dataDir = kept ? resolve(kept, String(events)) : makeTempDir('audit-memory');
  try {
    if (!existsSync(join(dataDir, EVENTS_FILENAME))) copyLogTo(log, dataDir);
    else console.log(`   data dir ${dataDir} kept (BENCH_AUDIT_DATA_DIR), reused`);
    const figures = await measureAuditMemory(dataDir, chosenOps(), `audit-memory-${events}`);
    for (const figure of figures) console.log(describeAuditMemory(events, figure));
  } finally {
    if (!kept) removeTempDir(dataDir);
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  for (const events of sizes.length ? sizes : [100_000, 1_000_000]) {
    await measure(events);
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
