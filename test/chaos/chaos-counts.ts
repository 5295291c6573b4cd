import { AUDIT_STREAM } from '@app/audit';
import type { KillScheduler } from './chaos-kills';
import { finalAnswer, isStaleIfMatch, isSuccess, type ChaosLedger } from './chaos-ledger';
import type { LogAtKills, LoggedEvent } from './chaos-log';
import type { ChaosOptions } from './chaos-options';
import type { ChaosCounts } from './chaos-report';
import type { ChaosServer } from './chaos-server';
import type { MarketAssignment } from './chaos-setup';

export interface RunRecord {
  options: ChaosOptions;
  assignments: readonly MarketAssignment[];
  ledger: ChaosLedger;
  server: ChaosServer;
  scheduler: KillScheduler;
  atKills: LogAtKills;
  log: readonly LoggedEvent[];
  started: number;
}

/** The figures of a run, from what the clients were told and what the log holds. */
export function countRun(run: RunRecord): ChaosCounts {
  const { options, assignments, ledger, server, atKills, log } = run;
  const requests = ledger.requests;
  const retried = requests.filter((request) => request.unanswered > 0);
  const acknowledged = retried.filter((request) => isSuccess(finalAnswer(request)));
  const recorded = acknowledged.filter((request) => atKills.recordedBefore(finalAnswer(request)!));
  return {
    seed: options.seed,
    replayArgs:
      `--seed ${options.seed} --clients ${options.clients} --kills ${options.kills} --steps ${options.steps}` +
      (options.clockBack ? '' : ' --no-clock-back'),
    clients: options.clients,
    programs: new Set(assignments.map((a) => a.market.programId)).size,
    markets: assignments.length,
    sharedMarkets: assignments.filter((a) => a.market.shared).length,
    steps: requests.filter((request) => request.kind === 'step').length,
    setup: requests.filter((request) => request.kind === 'setup').length,
    sent: ledger.sends,
    acknowledged: requests.filter((request) => request.answers.some(isSuccess)).length,
    staleIfMatch: requests.filter((request) => isStaleIfMatch(finalAnswer(request))).length,
    rereads: ledger.rereads,
    retried: retried.length,
    retriedReplayed: acknowledged.filter((request) => finalAnswer(request)!.replayed).length,
    retriedRun: acknowledged.filter((request) => !finalAnswer(request)!.replayed).length,
    retriedRecorded: recorded.length,
    retriedRecovered: recorded.filter((request) => atKills.pendingBefore(finalAnswer(request)!, request.key))
      .length,
    retriedRefused: retried.filter((request) => isStaleIfMatch(finalAnswer(request))).length,
    kills: server.kills,
    killsAfterAppend: run.scheduler.afterAppend,
    restarts: server.restarts,
    clockBackRestarts: server.clockBackRestarts,
    events: log.length,
    auditEvents: log.filter((event) => event.streamId === AUDIT_STREAM).length,
    seconds: (Date.now() - run.started) / 1000,
  };
}
