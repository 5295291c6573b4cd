/** One answer the server gave to one attempt of a request. */
export interface Answer {
  status: number;
  body: any;
  /** The answer carried `Idempotent-Replayed: true`. */
  replayed: boolean;
  /** Which start of the server answered (0 = the first; each restart after a kill adds one). */
  generation: number;
}

/**
 * One write as the client meant it: one idempotency key, one body, one If-Match, sent until it was answered.
 * `step` names what it records (the same step sent again after a stale If-Match gets a new key, same step).
 */
export interface KeyedRequest {
  key: string;
  client: string;
  path: string;
  body: Record<string, unknown>;
  ifMatch?: number;
  step: string;
  /** Setup (programs, markets) or a client's step. */
  kind: 'setup' | 'step';
  sends: number;
  /** Attempts that got no answer (connection refused or reset, no response). */
  unanswered: number;
  answers: Answer[];
}

export const isSuccess = (answer: Answer | undefined): boolean =>
  answer !== undefined && answer.status >= 200 && answer.status < 300;

export const isStaleIfMatch = (answer: Answer | undefined): boolean =>
  answer?.status === 409 && answer.body?.error === 'revision_conflict';

/** The last answer: the one the client acted on (earlier answers were 5xx, retried). */
export const finalAnswer = (request: KeyedRequest): Answer | undefined => request.answers.at(-1);

/** Everything the clients sent and were told: what the checks hold the log and the server to. */
export class ChaosLedger {
  readonly requests: KeyedRequest[] = [];
  /** Answers the client did not expect (anything but 2xx or 409 for a stale If-Match), with the request. */
  readonly unexpected: { request: KeyedRequest; answer: Answer }[] = [];
  /** GETs the clients made to re-read a stream after a stale If-Match. */
  rereads = 0;

  add(request: Omit<KeyedRequest, 'sends' | 'unanswered' | 'answers'>): KeyedRequest {
    const entry: KeyedRequest = { ...request, sends: 0, unanswered: 0, answers: [] };
    this.requests.push(entry);
    return entry;
  }

  get sends(): number {
    return this.requests.reduce((sum, request) => sum + request.sends, 0);
  }
}
