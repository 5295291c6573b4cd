import { EventStoreUnavailableError } from '@app/event-store';
import type { VerificationReport } from '@app/audit';
import { HEARTBEAT_MS, VerifyProgressStream } from './verify-progress.stream';

const REPORT = { ok: true, events: 3, breaks: [] } as unknown as VerificationReport;

/** The lines pushed so far, parsed, and whether the stream ended. */
function drain(stream: VerifyProgressStream): { lines: any[]; ended: boolean } {
  const lines: any[] = [];
  let ended = false;
  for (let chunk = stream.readable.read(); chunk !== null; chunk = stream.readable.read()) {
    lines.push(
      ...String(chunk)
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    );
  }
  stream.readable.once('end', () => (ended = true));
  return { lines, ended: ended || stream.readable.readableEnded };
}

describe('verification progress as NDJSON', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('says where it is at once, on each change of phase, and again every heartbeat while a phase lasts', () => {
    const stream = new VerifyProgressStream();
    expect(drain(stream).lines).toEqual([{ type: 'progress', phase: 'signing', events: 0, total: null }]);
    stream.progress({ phase: 'events', events: 0, total: 10 });
    stream.progress({ phase: 'events', events: 4, total: 10 });
    // A change of phase at once; within one, only the latest progress, at the next heartbeat.
    expect(drain(stream).lines).toEqual([{ type: 'progress', phase: 'events', events: 0, total: 10 }]);
    jest.advanceTimersByTime(HEARTBEAT_MS);
    expect(drain(stream).lines).toEqual([{ type: 'progress', phase: 'events', events: 4, total: 10 }]);
    // Nothing new: the same line again, so bytes keep flowing.
    jest.advanceTimersByTime(2 * HEARTBEAT_MS);
    expect(drain(stream).lines).toHaveLength(2);
    stream.report(REPORT);
  });

  it('ends with the report, and says nothing after it', () => {
    const stream = new VerifyProgressStream();
    drain(stream);
    stream.report(REPORT);
    jest.advanceTimersByTime(5 * HEARTBEAT_MS);
    expect(drain(stream).lines).toEqual([{ type: 'report', ...REPORT }]);
    expect(stream.closed).toBe(true);
  });

  it('ends with an error line carrying the status and body the JSON answer would have had', () => {
    const stream = new VerifyProgressStream();
    drain(stream);
    stream.error(new EventStoreUnavailableError('down'));
    expect(drain(stream).lines).toEqual([
      {
        type: 'error',
        status: 503,
        error: 'store_unavailable',
        message: 'The event store is not available; nothing was written. Retry later.',
        details: {},
      },
    ]);
    const other = new VerifyProgressStream();
    drain(other);
    other.error(new Error('disk on fire'));
    expect(drain(other).lines).toEqual([
      expect.objectContaining({ type: 'error', status: 500, error: 'internal_error' }),
    ]);
  });

  it('stops when the client goes away', async () => {
    const stream = new VerifyProgressStream();
    stream.readable.destroy();
    await new Promise(setImmediate);
    expect(stream.closed).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });
});
