/**
 * Child process of the kill -9 test: runs a projection runner over a prepared event store and prints the
 * position of each commit (one line each, after the commit) until it is killed.
 * Run: node -r @swc-node/register runner-crash-child.ts <events.sqlite> <projections.sqlite> <batchSize>
 */
import { SqliteEventStore } from '@app/event-store';
import { openProjectionDatabase } from '../projection-database';
import { ProjectionRunner } from '../projection-runner';
import { crashTestProjections } from './crash-test-projections';

async function main(): Promise<void> {
  const [storeFile, projectionsFile, batchSize] = process.argv.slice(2);
  const store = new SqliteEventStore({ filename: storeFile, durability: 'normal' });
  const db = openProjectionDatabase(projectionsFile);
  const silent = { info: () => undefined, warn: () => undefined, error: console.error };
  const runner = new ProjectionRunner({
    store,
    db,
    projections: crashTestProjections({ slow: true }),
    batchSize: Number(batchSize),
    logger: silent,
  });
  runner.onChange(({ position }) => void process.stdout.write(`${position}\n`));
  await runner.start();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
