/**
 * Child process of the kill -9 test: runs a projection runner over a prepared event store and prints the
 * position of each commit (one line each, after the commit) until it is killed; with `trailing`, the
 * projections include a trailing counter and each line is that counter's checkpoint instead.
 * Run: node -r @swc-node/register runner-crash-child.ts <events.sqlite> <projections.sqlite> <batchSize> [trailing]
 */
import { SqliteEventStore } from '@app/event-store';
import { openProjectionDatabase } from '../projection-database';
import { ProjectionRunner } from '../projection-runner';
import { crashTestProjections, TRAILING_COUNTER } from './crash-test-projections';

async function main(): Promise<void> {
  const [storeFile, projectionsFile, batchSize, mode] = process.argv.slice(2);
  const trailing = mode === 'trailing';
  const store = new SqliteEventStore({ filename: storeFile, durability: 'normal' });
  const db = openProjectionDatabase(projectionsFile);
  const silent = { info: () => undefined, warn: () => undefined, error: console.error };
  const runner = new ProjectionRunner({
    store,
    db,
    projections: crashTestProjections({ slow: true, trailing }),
    batchSize: Number(batchSize),
    logger: silent,
  });
  runner.onChange(({ position }) => {
    const reported = trailing ? runner.checkpoint(TRAILING_COUNTER) : position;
    process.stdout.write(`${reported}\n`);
  });
  await runner.start();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
