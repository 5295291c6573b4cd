import { ChaosUsageError, CHAOS_USAGE, parseChaosArgs } from './chaos-options';
import { formatReport } from './chaos-report';
import { runChaos, type ChaosHandle } from './chaos-run';

/** `npm run chaos -- [--clients N] [--kills N] [--steps N] [--seed N]`: exit 0 pass, 1 a check failed, 2 usage. */
async function main(args: string[]): Promise<number> {
  let options;
  try {
    options = parseChaosArgs(args);
  } catch (error) {
    if (!(error instanceof ChaosUsageError)) throw error;
    console.error(`${error.message}\n\n${CHAOS_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(CHAOS_USAGE);
    return 0;
  }
  console.log(
    `chaos: seed ${options.seed}, ${options.clients} clients x ${options.steps} steps, ${options.kills} kills` +
      (options.clockBack ? ', some restarts with the clock a day back' : ''),
  );
  const handle: ChaosHandle = { abort: () => undefined };
  // The servers run in process groups of their own: Ctrl-C does not reach them unless we pass it on.
  process.once('SIGINT', () => {
    handle.abort();
    process.exit(130);
  });
  const result = await runChaos(options, handle);
  console.log(formatReport(result.counts, result.checks, result.keptDir));
  return result.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
