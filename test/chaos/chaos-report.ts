import type { CheckResult } from './chaos-checks';

/** The figures a run prints: they show that the kills really cut requests and that the retries happened. */
export interface ChaosCounts {
  seed: number;
  /** The arguments that replay the run's choices. */
  replayArgs: string;
  clients: number;
  programs: number;
  markets: number;
  sharedMarkets: number;
  /** Keyed writes of the clients' steps (a step refused for a stale If-Match is sent again under a new key). */
  steps: number;
  /** Keyed writes that created the programs and markets. */
  setup: number;
  /** HTTP attempts of all keyed writes, retries included (not the replays sent after the run). */
  sent: number;
  acknowledged: number;
  staleIfMatch: number;
  rereads: number;
  /** Keyed writes that got no answer at least once and were sent again with the same key and body. */
  retried: number;
  /** ... answered from the kept answer (Idempotent-Replayed: true). */
  retriedReplayed: number;
  /** ... answered 2xx without that mark. */
  retriedRun: number;
  /** ... whose step an attempt before the kill had recorded (the retry wrote nothing), marked or not. */
  retriedRecorded: number;
  /** ... of them begun and not answered when the kill came: found by the event ids derived from the key. */
  retriedRecovered: number;
  retriedRefused: number;
  kills: number;
  /** ... of them at the moment an append was being written to the WAL. */
  killsAfterAppend: number;
  restarts: number;
  clockBackRestarts: number;
  events: number;
  auditEvents: number;
  seconds: number;
}

const row = (label: string, value: string | number) => `  ${label.padEnd(44)} ${value}`;

export function formatReport(counts: ChaosCounts, checks: readonly CheckResult[], keptDir?: string): string {
  const c = counts;
  const lines = [
    `chaos run, seed ${c.seed} (replay with: npm run chaos -- ${c.replayArgs})`,
    row(
      'clients',
      `${c.clients} (${c.markets} markets in ${c.programs} programs, ${c.sharedMarkets} shared by 2 clients)`,
    ),
    row('keyed writes (setup + steps)', `${c.setup} + ${c.steps}`),
    row('requests sent (retries included)', c.sent),
    row('acknowledged (2xx)', c.acknowledged),
    row('refused for a stale If-Match (409), re-read', `${c.staleIfMatch} (${c.rereads} re-reads)`),
    row('unanswered, then retried with same key/body', c.retried),
    row('  answered as a replay (Idempotent-Replayed)', c.retriedReplayed),
    row('  answered 2xx, not marked as a replay', c.retriedRun),
    row('  recorded before the kill (the retry wrote nothing)', c.retriedRecorded),
    row('    of them, answer not yet kept: found by event ids', c.retriedRecovered),
    row('  refused for a stale If-Match (not recorded)', c.retriedRefused),
    row(
      'kills (SIGKILL to the process group)',
      `${c.kills} (${c.killsAfterAppend} as an append reached the WAL)`,
    ),
    row('restarts', `${c.restarts} (${c.clockBackRestarts} with the clock a day back)`),
    row(
      'events in the log',
      `${c.events} (${c.events - c.auditEvents} steps, ${c.auditEvents} audit checkpoints)`,
    ),
    row('duration', `${c.seconds.toFixed(1)} s`),
    'checks',
  ];
  for (const result of checks) {
    lines.push(`  ${result.ok ? 'ok  ' : 'FAIL'} ${result.name}: ${result.summary}`);
    for (const problem of result.problems) lines.push(`         ${problem}`);
  }
  const failed = checks.filter((result) => !result.ok);
  lines.push(
    failed.length === 0
      ? `PASS: ${checks.length} checks`
      : `FAIL: ${failed.length} of ${checks.length} checks failed (${failed.map((r) => r.name).join('; ')})`,
  );
  if (keptDir) lines.push(`data kept for inspection in ${keptDir}`);
  return lines.join('\n');
}
