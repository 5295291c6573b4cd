import { generatedLog } from '../support/generated-logs';

/**
 * Generates logs ahead of a run into BENCH_LOG_DIR, where the bench then finds them:
 * `BENCH_LOG_DIR=/tmp/bench-logs node -r @swc-node/register bench/scale/generate-logs.main.ts 1000000 10000000`.
 */
async function main(): Promise<void> {
  if (!process.env.BENCH_LOG_DIR)
    throw new Error('Set BENCH_LOG_DIR: logs made without it are removed at exit');
  for (const events of process.argv.slice(2).map(Number)) await generatedLog(events);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
