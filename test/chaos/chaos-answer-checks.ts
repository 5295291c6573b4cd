import { isDeepStrictEqual } from 'node:util';
import { check, describe, type CheckResult } from './chaos-checks';
import { isSuccess, type ChaosLedger } from './chaos-ledger';
import type { LogAtKills } from './chaos-log';
import type { ChaosSender } from './chaos-sender';

/** No answer was a 5xx, and every answer was one a client can act on (2xx, or 409 for a stale If-Match). */
export function checkAnswers(ledger: ChaosLedger, failures: readonly string[]): CheckResult {
  const problems = [...failures];
  for (const request of ledger.requests)
    for (const answer of request.answers.filter((a) => a.status >= 500))
      problems.push(`${describe(request)} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  for (const { request, answer } of ledger.unexpected)
    problems.push(`${describe(request)} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  const answers = ledger.requests.reduce((sum, request) => sum + request.answers.length, 0);
  return check('every request answered, no 5xx, no unexpected refusal', `${answers} answers`, problems);
}

/**
 * After the run, every acknowledged request sent once more (same key, body, If-Match) must be answered
 * with its first 2xx answer, marked Idempotent-Replayed, and write nothing (the log checks run after this).
 */
export async function checkReplays(
  ledger: ChaosLedger,
  sender: ChaosSender,
  concurrency: number,
): Promise<CheckResult> {
  const acknowledged = ledger.requests.filter((request) => request.answers.some(isSuccess));
  const problems: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < acknowledged.length) {
      const request = acknowledged[next++];
      const original = request.answers.find(isSuccess)!;
      // A copy: the replay is not one of the run's answers.
      const again = await sender.write({ ...request, sends: 0, unanswered: 0, answers: [] });
      if (!isSuccess(again) || !again.replayed || !isDeepStrictEqual(again.body, original.body))
        problems.push(
          `${describe(request)} replayed as ${again.status}${again.replayed ? ' (replayed)' : ' (not marked replayed)'} ${JSON.stringify(again.body)}, first answered ${JSON.stringify(original.body)}`,
        );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return check(
    'answers replay after the run',
    `${acknowledged.length} acknowledged requests sent again`,
    problems,
  );
}

/**
 * A retry whose step an attempt before the kill had recorded wrote nothing: its answer is the original
 * one and says so (Idempotent-Replayed: true), whether the server had kept that answer or found the events
 * by the ids derived from the key.
 */
export function checkRecoveredRetriesReplay(ledger: ChaosLedger, atKills: LogAtKills): CheckResult {
  const problems: string[] = [];
  let recovered = 0;
  for (const request of ledger.requests) {
    if (request.unanswered === 0) continue;
    const answer = request.answers.find(isSuccess);
    if (!answer || !atKills.recordedBefore(answer)) continue;
    recovered++;
    if (!answer.replayed)
      problems.push(
        `${describe(request)} was recorded before the kill; its retry's answer is not marked Idempotent-Replayed`,
      );
  }
  return check(
    'retries of recorded steps answered as replays',
    `${recovered} retries of steps recorded before a kill`,
    problems,
  );
}
