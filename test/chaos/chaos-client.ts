import { isStaleIfMatch, isSuccess, type ChaosLedger } from './chaos-ledger';
import type { SeededRandom } from './chaos-random';
import type { ChaosSender } from './chaos-sender';

/** A market as the clients write to it; `shared` when two clients race on its stream with If-Match. */
export interface ChaosMarket {
  programId: string;
  market: string;
  streamId: string;
  /** `/programs/<id>/markets/<code>` */
  path: string;
  usersInScope: number;
  shared: boolean;
}

interface Step {
  /** What it records, whatever key carries it: "<stream> BatchCopied c03-b7 #1". */
  step: string;
  path: string;
  body: Record<string, unknown>;
  done: () => void;
}

/**
 * One operator's tooling: writes the steps of one market, one at a time, each with a fresh Idempotency-Key
 * and If-Match with the revision it last saw. A 409 for a stale If-Match is a right answer on a shared
 * market: the client re-reads the stream's head and sends the step again (a new request, so a new key).
 * Anything else it did not expect stops the client; the run then fails with it.
 */
export class ChaosClient {
  private revision: number;
  private batchCount = 0;
  /** A batch copied and not yet verified or failed; then one failed and not yet copied again. */
  private copied?: { id: string; users: number; attempt: number };
  private failed?: { id: string; attempt: number };
  private paused = false;
  private pauses = 0;
  private scope: number;
  private keyCount = 0;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly market: ChaosMarket,
    revision: number,
    private readonly random: SeededRandom,
    private readonly sender: ChaosSender,
    private readonly ledger: ChaosLedger,
    private readonly keyPrefix: string,
  ) {
    this.revision = revision;
    this.scope = market.usersInScope;
  }

  async run(steps: number): Promise<void> {
    for (let i = 0; i < steps && !this.stopped; i++) await this.write(this.nextStep());
  }

  private nextStep(): Step {
    const { path, streamId, shared } = this.market;
    const on = (type: string, detail: string) => `${streamId} ${type} ${detail}`;
    if (this.paused) {
      return {
        step: on('MigrationResumed', `#${this.pauses}`),
        path: `${path}/resume`,
        body: {},
        done: () => (this.paused = false),
      };
    }
    const copied = this.copied;
    if (copied) {
      const batch = `${path}/batches/${copied.id}`;
      if (this.random.chance(0.1))
        return {
          step: on('BatchFailed', `${copied.id} #${copied.attempt}`),
          path: `${batch}/failed`,
          body: { reason: `checksum mismatch on attempt ${copied.attempt}` },
          done: () => ((this.failed = { id: copied.id, attempt: copied.attempt }), (this.copied = undefined)),
        };
      return {
        step: on('BatchVerified', copied.id),
        path: `${batch}/verified`,
        body: { checksum: `sha256:${this.random.int(0, 2 ** 30).toString(16)}` },
        done: () => (this.copied = undefined),
      };
    }
    if (!shared && this.random.chance(0.04)) {
      const pause = this.pauses + 1;
      return {
        step: on('MigrationPaused', `#${pause}`),
        path: `${path}/pause`,
        body: { reason: `maintenance window ${pause}` },
        done: () => ((this.paused = true), (this.pauses = pause)),
      };
    }
    if (!shared && this.random.chance(0.04)) {
      const scope = this.scope + this.random.int(1, 1000);
      return {
        step: on('ScopeRevised', String(scope)),
        path: `${path}/scope`,
        body: { usersInScope: scope, reason: 'late sign-ups counted' },
        done: () => (this.scope = scope),
      };
    }
    const again = this.failed;
    const id = again?.id ?? `${this.name}-b${++this.batchCount}`;
    const attempt = (again?.attempt ?? 0) + 1;
    const users = this.random.int(1, 500);
    return {
      step: on('BatchCopied', `${id} #${attempt}`),
      path: `${path}/batches/${id}/copied`,
      body: { users, ...(this.random.chance(0.5) ? { bytes: users * this.random.int(1_000, 50_000) } : {}) },
      done: () => ((this.copied = { id, users, attempt }), (this.failed = undefined)),
    };
  }

  private async write(step: Step): Promise<void> {
    for (;;) {
      const request = this.ledger.add({
        key: `${this.keyPrefix}-${this.name}-${++this.keyCount}`,
        client: this.name,
        path: step.path,
        body: step.body,
        ifMatch: this.revision,
        step: step.step,
        kind: 'step',
      });
      const answer = await this.sender.write(request);
      if (isSuccess(answer)) {
        this.revision = Math.max(this.revision, Number(answer.body.revision));
        step.done();
        return;
      }
      if (!isStaleIfMatch(answer)) {
        this.ledger.unexpected.push({ request, answer });
        this.stopped = true;
        return;
      }
      await this.reread();
    }
  }

  /** The stream's head revision, read from its history (the store itself, not a read model). */
  private async reread(): Promise<void> {
    this.ledger.rereads++;
    let from = this.revision + 1;
    for (;;) {
      const page = await this.sender.read(`${this.market.path}/events?fromRevision=${from}&limit=1000`);
      const last = page.events.at(-1);
      if (last) this.revision = Number(last.revision);
      if (page.nextRevision === null || page.nextRevision === undefined) return;
      from = Number(page.nextRevision);
    }
  }
}
