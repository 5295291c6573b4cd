import { Readable } from 'node:stream';
import type { VerificationReport, VerifyProgress } from '@app/audit';
import { toErrorBody } from '../../errors/error-body';

/** What the stream says before the verifier starts: the checkpoint that fixes the log's extent is being signed. */
export type StreamPhase = 'signing' | VerifyProgress['phase'];

/** The lines of `GET /audit/verify?stream=true` (application/x-ndjson), one JSON object each. */
export type VerifyStreamLine =
  | { type: 'progress'; phase: StreamPhase; events: number; total: number | null }
  | ({ type: 'report' } & VerificationReport)
  | { type: 'error'; status: number; error: string; message: string; details: Record<string, unknown> };

/** How often the latest progress is repeated while nothing else is said: bytes keep flowing through proxies. */
export const HEARTBEAT_MS = 1000;

/**
 * A verification as NDJSON: a progress line at once, on each change of phase and every HEARTBEAT_MS (the
 * latest known progress, repeated while a phase takes long), then one `report` line, or one `error` line when
 * the verification fails after the answer began (a 200 is already sent: the error is said in the stream,
 * never by cutting the connection). Memory: the latest progress only.
 */
export class VerifyProgressStream {
  readonly readable = new Readable({ read: () => undefined });
  private latest: Extract<VerifyStreamLine, { type: 'progress' }> = {
    type: 'progress',
    phase: 'signing',
    events: 0,
    total: null,
  };
  private readonly heartbeat: NodeJS.Timeout;
  private ended = false;

  constructor() {
    this.write(this.latest);
    this.heartbeat = setInterval(() => this.write(this.latest), HEARTBEAT_MS);
    // The client went away: stop repeating; `closed` tells the verification to stop reading.
    this.readable.once('close', () => this.end());
  }

  /** True once the client is gone (or the stream ended): the verification may stop. */
  get closed(): boolean {
    return this.ended || this.readable.destroyed;
  }

  progress(progress: VerifyProgress): void {
    const changed = progress.phase !== this.latest.phase;
    this.latest = { type: 'progress', ...progress };
    if (changed) this.write(this.latest);
  }

  report(report: VerificationReport): void {
    this.finish({ type: 'report', ...report });
  }

  error(error: unknown): void {
    const [status, body] = toErrorBody(error);
    this.finish({ type: 'error', status, ...body });
  }

  private finish(line: VerifyStreamLine): void {
    if (this.closed) return;
    this.write(line);
    this.end();
    this.readable.push(null);
  }

  private end(): void {
    this.ended = true;
    clearInterval(this.heartbeat);
  }

  private write(line: VerifyStreamLine): void {
    if (!this.closed) this.readable.push(`${JSON.stringify(line)}\n`);
  }
}
