import { call, type HttpCall, type Outcome } from './chaos-http';
import type { Answer, KeyedRequest } from './chaos-ledger';
import type { ChaosServer } from './chaos-server';

/** A request still unanswered after this many attempts fails the run: the service never came back for it. */
const MAX_ATTEMPTS = 200;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ChaosKeys {
  operator: string;
  auditor: string;
}

/**
 * How every client talks to the server: a write is sent until it is answered, each time with the same
 * Idempotency-Key, body and If-Match, as a careful operator's tooling would; a 5xx is an answer that is
 * recorded (and fails the run) and retried the same way, since nothing says whether it wrote.
 */
export class ChaosSender {
  constructor(
    private readonly server: ChaosServer,
    private readonly keys: ChaosKeys,
    private readonly sent: (request: KeyedRequest) => void,
  ) {}

  async write(request: KeyedRequest): Promise<Answer> {
    const headers: Record<string, string> = { 'idempotency-key': request.key };
    if (request.ifMatch !== undefined) headers['if-match'] = String(request.ifMatch);
    const http: HttpCall = {
      method: 'POST',
      path: request.path,
      key: this.keys.operator,
      body: request.body,
      headers,
    };
    for (;;) {
      const { outcome, url } = await this.attempt(http, request.sends);
      request.sends++;
      this.sent(request);
      if (!outcome.answered) {
        request.unanswered++;
        continue;
      }
      const answer: Answer = {
        status: outcome.status,
        body: outcome.body,
        replayed: outcome.replayed,
        generation: this.server.generationOf(url),
      };
      request.answers.push(answer);
      if (answer.status < 500) return answer;
    }
  }

  /** A GET with the auditor's key, repeated until answered 200 (reads change nothing). */
  async read(path: string): Promise<any> {
    for (let attempt = 0; ; attempt++) {
      const { outcome } = await this.attempt({ method: 'GET', path, key: this.keys.auditor }, attempt);
      if (outcome.answered && outcome.status === 200) return outcome.body;
      if (outcome.answered && outcome.status < 500)
        throw new Error(`GET ${path} answered ${outcome.status}: ${JSON.stringify(outcome.body)}`);
    }
  }

  private async attempt(http: HttpCall, attempt: number): Promise<{ outcome: Outcome; url: string }> {
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`${http.method} ${http.path} got no answer in ${MAX_ATTEMPTS} attempts`);
    const url = await this.server.url();
    const outcome = await call(url, http);
    // Unanswered (a keep-alive connection closed under us, a stall) or a 5xx from a server that is still up:
    // back off a little before the same request goes again. After a kill, url() waits for the restart instead.
    const again = !outcome.answered || outcome.status >= 500;
    if (again && this.server.currentUrl() === url) await pause(Math.min(500, 10 * (attempt + 1)));
    return { outcome, url };
  }
}
