import { isDeepStrictEqual } from 'node:util';
import { AUDIT_STREAM } from '@app/audit';
import { isSuccess, type ChaosLedger, type KeyedRequest } from './chaos-ledger';
import type { LoggedEvent } from './chaos-log';

export interface CheckResult {
  name: string;
  ok: boolean;
  /** One line with the figures the check looked at. */
  summary: string;
  /** What failed, first ones only. */
  problems: string[];
}

const SHOWN = 10;

export function check(name: string, summary: string, problems: string[]): CheckResult {
  const shown = problems.slice(0, SHOWN);
  if (problems.length > SHOWN) shown.push(`... and ${problems.length - SHOWN} more`);
  return { name, ok: problems.length === 0, summary, problems: shown };
}

export const describe = (request: KeyedRequest) =>
  `${request.key} (${request.step}${request.ifMatch === undefined ? '' : `, If-Match ${request.ifMatch}`})`;

/** The log's events by the Idempotency-Key in their envelope (our every write carried one). */
function byKey(log: readonly LoggedEvent[]): Map<string, LoggedEvent[]> {
  const keyed = new Map<string, LoggedEvent[]>();
  for (const event of log) {
    const key = event.metadata?.idempotencyKey;
    if (typeof key !== 'string') continue;
    keyed.set(key, [...(keyed.get(key) ?? []), event]);
  }
  return keyed;
}

/**
 * 0 acknowledged steps lost: every 2xx answer names the position of an event that is in the log, on the
 * answered stream and revision, carrying the request's key; with If-Match r it is at revision r + 1.
 */
export function checkAcknowledged(ledger: ChaosLedger, log: readonly LoggedEvent[]): CheckResult {
  const atPosition = new Map(log.map((event) => [event.position, event]));
  const problems: string[] = [];
  let acknowledged = 0;
  for (const request of ledger.requests) {
    const successes = request.answers.filter(isSuccess);
    if (successes.length === 0) continue;
    acknowledged++;
    const [first] = successes;
    if (successes.some((answer) => !isDeepStrictEqual(answer.body, first.body)))
      problems.push(
        `${describe(request)} got different 2xx answers: ${JSON.stringify(successes.map((a) => a.body))}`,
      );
    const { streamId, revision, position } = first.body ?? {};
    const event = atPosition.get(Number(position));
    if (!event) problems.push(`${describe(request)} answered position ${position}, which is not in the log`);
    else if (
      event.metadata?.idempotencyKey !== request.key ||
      event.streamId !== streamId ||
      event.revision !== revision
    )
      problems.push(
        `${describe(request)} answered ${streamId}@${revision} position ${position}; the log has ${event.streamId}@${event.revision} with key ${event.metadata?.idempotencyKey}`,
      );
    else if (request.ifMatch !== undefined && event.revision !== request.ifMatch + 1)
      problems.push(
        `${describe(request)} was recorded at revision ${event.revision}, not right after its If-Match`,
      );
  }
  return check(
    'acknowledged steps are in the log',
    `${acknowledged} acknowledged, ${acknowledged - problems.length} found as answered`,
    problems,
  );
}

/**
 * 0 steps written twice: no key on two events, no step recorded under two keys, and nothing in the log that
 * no request of the run wrote (outside the audit stream, where checkpoints are signed).
 */
export function checkWrittenOnce(ledger: ChaosLedger, log: readonly LoggedEvent[]): CheckResult {
  const stepOf = new Map(ledger.requests.map((request) => [request.key, request.step]));
  const problems: string[] = [];
  const keyed = byKey(log);
  const keysByStep = new Map<string, string[]>();
  for (const [key, events] of keyed) {
    if (events.length > 1)
      problems.push(
        `key ${key} is on ${events.length} events: positions ${events.map((e) => e.position).join(', ')}`,
      );
    const step = stepOf.get(key);
    if (step !== undefined) keysByStep.set(step, [...(keysByStep.get(step) ?? []), key]);
  }
  for (const [step, keys] of keysByStep)
    if (keys.length > 1)
      problems.push(`step ${step} is recorded under ${keys.length} keys: ${keys.join(', ')}`);
  const foreign = log.filter(
    (event) => event.streamId !== AUDIT_STREAM && !stepOf.has(String(event.metadata?.idempotencyKey)),
  );
  for (const event of foreign)
    problems.push(
      `${event.type} at position ${event.position} (${event.streamId}) was written by no request of this run`,
    );
  const steps = log.length - log.filter((event) => event.streamId === AUDIT_STREAM).length;
  return check(
    'no step written twice',
    `${steps} step events, ${keyed.size} keys, ${keysByStep.size} distinct steps`,
    problems,
  );
}

/**
 * 0 retries refused for a recorded step: a request whose key is in the log was never answered 4xx (409
 * stale If-Match, 422 key reused, ...), on its first attempt or any retry: it is answered with what it wrote.
 */
export function checkNoRecordedStepRefused(ledger: ChaosLedger, log: readonly LoggedEvent[]): CheckResult {
  const keyed = byKey(log);
  const problems: string[] = [];
  let recordedRetries = 0;
  for (const request of ledger.requests) {
    if (!keyed.has(request.key)) continue;
    if (request.sends > 1) recordedRetries++;
    const refused = request.answers.find((answer) => answer.status >= 400 && answer.status < 500);
    if (refused)
      problems.push(
        `${describe(request)} is in the log but was answered ${refused.status} ${refused.body?.error ?? ''} after ${request.sends} sends`,
      );
  }
  return check(
    'no recorded step refused',
    `${recordedRetries} retried requests whose step is recorded`,
    problems,
  );
}
