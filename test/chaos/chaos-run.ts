import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../support/server-process';
import { checkAudit } from './chaos-audit';
import { checkAnswers, checkRecoveredRetriesReplay, checkReplays } from './chaos-answer-checks';
import {
  check,
  checkAcknowledged,
  checkNoRecordedStepRefused,
  checkWrittenOnce,
  type CheckResult,
} from './chaos-checks';
import { ChaosClient } from './chaos-client';
import { chaosContract } from './chaos-contract';
import { countRun } from './chaos-counts';
import { chaosEnvironment } from './chaos-environment';
import { KillScheduler } from './chaos-kills';
import { ChaosLedger } from './chaos-ledger';
import { copyEventLog, LogAtKills, readEventLog, type LoggedEvent } from './chaos-log';
import type { ChaosOptions } from './chaos-options';
import { chaosProgress } from './chaos-progress';
import { SeededRandom } from './chaos-random';
import { checkReadModels } from './chaos-read-models';
import type { ChaosCounts } from './chaos-report';
import { ChaosSender } from './chaos-sender';
import { ChaosServer } from './chaos-server';
import { assignMarkets, setUp } from './chaos-setup';

export interface ChaosResult {
  ok: boolean;
  counts: ChaosCounts;
  checks: CheckResult[];
  /** The run's directory (data dir, rebuild copy, evidence bundle), kept when a check failed. */
  keptDir?: string;
}

/** Lets an interrupted run (Ctrl-C) take its servers down: they run in process groups of their own. */
export interface ChaosHandle {
  abort: () => void;
}

const clientName = (index: number) => `c${String(index + 1).padStart(2, '0')}`;

/**
 * One chaos run: the real server on a fresh data dir, `clients` concurrent writers, `kills` SIGKILLs of the
 * server's process group at random moments each followed by a restart, every unanswered write retried with
 * its key and body; then the checks against the log, the answers, the audit chain and the read models.
 */
export async function runChaos(options: ChaosOptions, handle?: ChaosHandle): Promise<ChaosResult> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'tracker-chaos-'));
  const dataDir = join(work, 'data');
  const { env, keys, pinned } = chaosEnvironment(dataDir);
  const atKills = new LogAtKills(dataDir);
  const server = new ChaosServer(env, () => atKills.note());
  const rebuilt: { stop?: () => Promise<void>; kill?: () => void } = {};
  if (handle) handle.abort = () => (server.killNow(), rebuilt.kill?.());

  const random = new SeededRandom(options.seed);
  const ledger = new ChaosLedger();
  const keyPrefix = `chaos-${options.seed}`;
  const assignments = assignMarkets(options.clients, clientName);
  const scheduler = new KillScheduler(server, random.fork(0), {
    kills: options.kills,
    plannedSends: options.clients * options.steps,
    minGap: options.clients,
    clockBack: options.clockBack,
    walFile: join(dataDir, 'events.sqlite-wal'),
    atAppend: options.atAppend,
  });
  let running = true;
  const sender = new ChaosSender(server, keys, (request) => {
    if (running && request.kind === 'step' && request.sends === 1) scheduler.sent();
  });
  const failures: string[] = [];
  const checks: CheckResult[] = [];
  let log: LoggedEvent[] = [];
  try {
    await server.start();
    const revisions = await setUp(assignments, sender, ledger, keyPrefix);
    const clients = assignments.flatMap(({ market, clients: names }) =>
      names.map((name) => {
        const own = random.fork(Number(name.slice(1)));
        return new ChaosClient(name, market, revisions.get(market.streamId)!, own, sender, ledger, keyPrefix);
      }),
    );
    const bar = options.progress
      ? chaosProgress({ steps: options.clients * options.steps, kills: options.kills }, ledger, server)
      : undefined;
    const kills = scheduler.run();
    await Promise.all(
      clients.map((client) =>
        client.run(options.steps).catch((error: unknown) => {
          failures.push(`client ${client.name} stopped: ${(error as Error).message}`);
        }),
      ),
    );
    await scheduler.finish(kills);
    bar?.stop();
    running = false;

    // Replays first: if one wrote again, the log checks below see it.
    checks.push(await checkReplays(ledger, sender, options.clients));
    const url = await server.url();
    checks.push(...(await checkAudit(url, keys.auditor, pinned, work)));
    log = readEventLog(dataDir);
    checks.push(
      checkAcknowledged(ledger, log),
      checkWrittenOnce(ledger, log),
      checkNoRecordedStepRefused(ledger, log),
      checkRecoveredRetriesReplay(ledger, atKills),
      checkAnswers(ledger, failures),
      chaosContract.result(),
    );
    checks.push(await compareWithRebuild(url, work, dataDir, env, keys.auditor, rebuilt));
  } catch (error) {
    checks.push(check('the run completed', 'stopped early', [(error as Error).stack ?? String(error)]));
  } finally {
    await server.stop().catch(() => undefined);
    await rebuilt.stop?.().catch(() => undefined);
  }

  const ok = checks.length > 0 && checks.every((result) => result.ok);
  const counts = countRun({ options, assignments, ledger, server, scheduler, atKills, log, started });
  if (ok) rmSync(work, { recursive: true, force: true });
  return { ok, counts, checks, keptDir: ok ? undefined : work };
}

/** A second server on a consistent copy of the log and no read models: it builds them all from the log. */
async function compareWithRebuild(
  liveUrl: string,
  work: string,
  dataDir: string,
  env: Record<string, string>,
  auditorKey: string,
  rebuilt: { stop?: () => Promise<void>; kill?: () => void },
): Promise<CheckResult> {
  const copyDir = mkdtempSync(join(work, 'rebuild-'));
  const head = await copyEventLog(dataDir, copyDir);
  const server = await startServerProcess({ ...env, DATA_DIR: copyDir }, 60_000, { processGroup: true });
  rebuilt.stop = server.stop;
  rebuilt.kill = () => process.kill(-server.pid, 'SIGKILL');
  return checkReadModels(liveUrl, server.url, auditorKey, head);
}
