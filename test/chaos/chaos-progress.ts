import { SingleBar } from 'cli-progress';
import { isSuccess, type ChaosLedger } from './chaos-ledger';
import type { ChaosServer } from './chaos-server';

/** Steps acknowledged out of those planned, kills so far and requests sent, redrawn every 200 ms. */
export function chaosProgress(
  planned: { steps: number; kills: number },
  ledger: ChaosLedger,
  server: ChaosServer,
): { stop: () => void } {
  const bar = new SingleBar({
    format: 'chaos |{bar}| {value}/{total} steps acknowledged | kills {kills}/{plannedKills} | sent {sent}',
    // Without a terminal (CI, a pipe) a line every 2 s instead of redrawing.
    noTTYOutput: true,
    notTTYSchedule: 2000,
    hideCursor: true,
  });
  const acknowledged = () =>
    ledger.requests.filter((r) => r.kind === 'step' && r.answers.some(isSuccess)).length;
  const payload = () => ({ kills: server.kills, plannedKills: planned.kills, sent: ledger.sends });
  bar.start(planned.steps, 0, payload());
  const timer = setInterval(() => bar.update(acknowledged(), payload()), 200);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      bar.update(acknowledged(), payload());
      bar.stop();
    },
  };
}
