import { copyLogTo, generatedLog } from '../support/generated-logs';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { describeAuditMemory, measureAuditMemory } from './audit-memory.measure';

/**
 * Peak RSS of the API process over one GET /audit/verify (streamed, NDJSON) and one GET /audit/bundle (the
 * tar drained, not kept) on generated logs of 100k and 1M events: each on a server of its own, whose peak mark
 * is reset once start-up and the read models' catch-up are done, so the figure is the operation's. By hand:
 * `node -r @swc-node/register bench/audit/audit-memory.main.ts [events ...]`; the scale part of `npm run
 * bench` measures it at 1M and 10M events.
 */

async function measure(events: number): Promise<void> {
  const log = await generatedLog(events);
  const dataDir = makeTempDir('audit-memory');
  try {
    copyLogTo(log, dataDir);
    const figures = await measureAuditMemory(dataDir, ['verify', 'bundle'], `audit-memory-${events}`);
    for (const figure of figures) console.log(describeAuditMemory(events, figure));
  } finally {
    removeTempDir(dataDir);
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
