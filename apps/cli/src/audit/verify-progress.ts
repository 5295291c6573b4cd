import { SingleBar } from 'cli-progress';

/** A progress line of `GET /audit/verify?stream=true`. */
export interface VerifyProgressLine {
  phase: string;
  events: number;
  total: number | null;
}

export interface VerifyProgressReporter {
  update(progress: VerifyProgressLine): void;
  stop(): void;
}

const PHASES: Record<string, string> = {
  signing: 'signing a checkpoint',
  checkpoints: 'reading the signed checkpoints',
  events: 'reading the log',
  roots: 'checking the signed roots',
};

/** Lines apart on a stream that is not a terminal (logs, CI), but for a change of phase. */
const PLAIN_EVERY_MS = 2000;

/**
 * How far the server's verification is, on stderr: a bar on a terminal; otherwise a plain line at each
 * change of phase and every few seconds in between. `now` is the CLI's clock (tests pass their own).
 */
export function verifyProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): VerifyProgressReporter {
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: 'verify |{bar}| {percentage}% | {value}/{total} events | {phase}',
      fps: 10,
      hideCursor: true,
    });
    let started = false;
    return {
      update({ phase, events, total }) {
        const size = Math.max(total ?? 0, events, 1);
        const payload = { phase: PHASES[phase] ?? phase };
        if (!started) bar.start(size, events, payload);
        else {
          bar.setTotal(size);
          bar.update(events, payload);
        }
        started = true;
      },
      stop: () => bar.stop(),
    };
  }
  let last = { phase: '', at: 0 };
  return {
    update({ phase, events, total }) {
      const at = now();
      if (phase === last.phase && at - last.at < PLAIN_EVERY_MS) return;
      last = { phase, at };
      const count = total
        ? `${events}/${total} events (${Math.min(100, Math.floor((events / total) * 100))}%)`
        : `${events} events`;
      stream.write(`verify: ${PHASES[phase] ?? phase}, ${count}\n`);
    },
    stop() {},
  };
}
