import { randomSeed } from './chaos-random';

export interface ChaosOptions {
  /** Concurrent clients writing steps (at least 16 for the bar). */
  clients: number;
  /** How many times the server's process group is killed with SIGKILL (each followed by a restart). */
  kills: number;
  /** Steps each client writes (each step is one idempotency key, or more after a stale If-Match). */
  steps: number;
  seed: number;
  /** Restarts may set TRACKER_NOW a day back, so a retry is recovered with the clock stepped back. */
  clockBack: boolean;
  /** The share of kills sent as an append reaches the WAL (the others land at a random moment). */
  atAppend: number;
  /** Show a progress bar (cli-progress); the spec turns it off. */
  progress: boolean;
}

export const CHAOS_DEFAULTS: Omit<ChaosOptions, 'seed'> = {
  clients: 16,
  kills: 8,
  steps: 60,
  clockBack: true,
  atAppend: 0.5,
  progress: true,
};

export const CHAOS_USAGE = `usage: npm run chaos -- [--clients N] [--kills N] [--steps N] [--seed N] [--no-clock-back] [--no-progress]

Starts the real server, runs N concurrent clients writing migration steps with Idempotency-Key and If-Match,
kills the server's process group with SIGKILL at random moments, restarts it on the same data dir, retries
every unanswered request with the same key and body, then checks the log, the answers, the audit chain and
the read models. Exit code 0 when every check passes, 1 when one fails, 2 on a usage error.

  --clients N      concurrent clients (default ${CHAOS_DEFAULTS.clients}; some pairs share a market)
  --kills N        kill -9 of the server's process group, each followed by a restart (default ${CHAOS_DEFAULTS.kills})
  --steps N        steps written by each client (default ${CHAOS_DEFAULTS.steps})
  --seed N         replay the choices of an earlier run (printed at the start of every run)
  --no-clock-back  never restart with the clock stepped back a day (TRACKER_NOW)
  --no-progress    no progress bar
  --help           this text`;

export class ChaosUsageError extends Error {}

const INTEGER_FLAGS = {
  '--clients': 'clients',
  '--kills': 'kills',
  '--steps': 'steps',
  '--seed': 'seed',
} as const;
const LIMITS: Record<(typeof INTEGER_FLAGS)[keyof typeof INTEGER_FLAGS], [number, number]> = {
  clients: [1, 512],
  kills: [0, 1000],
  steps: [1, 100_000],
  seed: [0, 2 ** 32 - 1],
};

/** `--help` gives 'help'; anything not understood throws a ChaosUsageError naming it. */
export function parseChaosArgs(args: readonly string[]): ChaosOptions | 'help' {
  const options: ChaosOptions = { ...CHAOS_DEFAULTS, seed: randomSeed() };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2) as [string, string | undefined];
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--no-clock-back') options.clockBack = false;
    else if (flag === '--no-progress') options.progress = false;
    else if (flag in INTEGER_FLAGS) {
      const name = INTEGER_FLAGS[flag as keyof typeof INTEGER_FLAGS];
      const raw = inline ?? args[++i];
      const value = Number(raw);
      const [min, max] = LIMITS[name];
      if (raw === undefined || !Number.isInteger(value) || value < min || value > max)
        throw new ChaosUsageError(
          `${flag} needs a whole number from ${min} to ${max}, got ${raw ?? 'nothing'}`,
        );
      options[name] = value;
    } else throw new ChaosUsageError(`unknown argument ${args[i]}`);
  }
  return options;
}
