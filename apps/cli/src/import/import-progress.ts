import { SingleBar } from 'cli-progress';

export interface ProgressReporter {
  start(total: number): void;
  tick(rejected: number): void;
  stop(): void;
}

const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);

/** A bar with rate and ETA on a terminal; a plain line every few seconds otherwise (logs, CI). */
export function progressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  quiet = false,
): ProgressReporter {
  if (quiet) return { start() {}, tick() {}, stop() {} };
  let done = 0;
  let total = 0;
  let started = 0;
  const rate = () => done / Math.max(0.001, (Date.now() - started) / 1000);
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format:
        'import |{bar}| {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted} | rejected {rejected}',
      etaBuffer: 200,
      fps: 10,
      hideCursor: true,
    });
    return {
      start(count) {
        total = count;
        started = Date.now();
        bar.start(total, 0, { rate: '0', rejected: 0 });
      },
      tick(rejected) {
        done += 1;
        bar.update(done, { rate: rate().toFixed(0), rejected });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let rejectedSoFar = 0;
  const line = () => {
    const perSecond = rate();
    const eta = perSecond > 0 ? ((total - done) / perSecond) * 1000 : 0;
    stream.write(
      `import: ${done}/${total} rows (${total ? Math.floor((done / total) * 100) : 100}%), ${perSecond.toFixed(0)} rows/s, ETA ${seconds(eta)} s, rejected ${rejectedSoFar}\n`,
    );
  };
  return {
    start(count) {
      total = count;
      started = last = Date.now();
    },
    tick(rejected) {
      done += 1;
      rejectedSoFar = rejected;
      if (Date.now() - last >= 2000) {
        last = Date.now();
        line();
      }
    },
    stop() {
      if (total > 0) line();
    },
  };
}
