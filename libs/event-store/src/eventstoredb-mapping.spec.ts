import {
  START,
  UnknownError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
} from '@eventstore/db-client';
import { WrongExpectedRevisionError } from './event-store.errors';
import { unreadableReason } from './unreadable-event';
import {
  isInvalidPositionError,
  toClientExpectedRevision,
  toPortError,
  toReadPosition,
  toRecordedEvent,
} from './eventstoredb-mapping';

function resolved(streamId: string, type: string, commit = 42n): AllStreamResolvedEvent {
  return {
    commitPosition: commit,
    event: {
      streamId,
      id: '9f0c2f36-0a41-4bb4-9a3e-3f3e51f0b8a1',
      isJson: true,
      revision: 3n,
      type,
      created: new Date('2014-03-01T08:00:00Z'),
      data: { users: 10 },
      metadata: { actor: 'ops' },
      position: { commit, prepare: commit },
    },
  };
}

describe('EventStoreDB mapping (no server needed)', () => {
  it('passes expected revisions through as the client constants', () => {
    expect(toClientExpectedRevision('any')).toBe('any');
    expect(toClientExpectedRevision('no_stream')).toBe('no_stream');
    expect(toClientExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toClientExpectedRevision(4n)).toBe(4n);
  });

  it("maps the client's WrongExpectedVersionError to WrongExpectedRevisionError", () => {
    const clientError = new WrongExpectedVersionError(undefined, {
      streamName: 's',
      expected: 1n,
      current: 2n,
    });
    const mapped = toPortError(clientError, 's', 1n);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamId: 's', expected: 1n, actual: 2n });
    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 's',
      expected: 0n,
      current: 'no_stream',
    });
    expect(toPortError(missing, 's', 0n)).toMatchObject({ actual: 'no_stream' });
  });

  it('reads from the start for no checkpoint, else from the checkpoint position', () => {
    expect(toReadPosition(-1n)).toBe(START);
    expect(toReadPosition(1234n)).toEqual({ commit: 1234n, prepare: 1234n });
  });

  it('maps a recorded event: commit position, created as recordedAt', () => {
    expect(toRecordedEvent(resolved('market-p1-IN', 'BatchCopied'))).toEqual({
      id: '9f0c2f36-0a41-4bb4-9a3e-3f3e51f0b8a1',
      streamId: 'market-p1-IN',
      revision: 3n,
      position: 42n,
      type: 'BatchCopied',
      data: { users: 10 },
      metadata: { actor: 'ops' },
      recordedAt: '2014-03-01T08:00:00.000Z',
    });
  });

  it('refuses position 0, which the client reports for a server that sent none (before 22.6)', () => {
    expect(() => toRecordedEvent(resolved('market-p1-IN', 'BatchCopied', 0n))).toThrow(/22\.6 or later/);
  });

  it('recognises the server refusing a position off a record boundary', () => {
    // What @eventstore/db-client 6 throws for the server's answer: an UnknownError with grpc-js's message.
    const fromServer = new UnknownError({
      code: 3,
      details: 'Trying to read from an invalid position.',
      message: '3 INVALID_ARGUMENT: Trying to read from an invalid position.',
    } as never);
    expect(isInvalidPositionError(fromServer)).toBe(true);
    expect(isInvalidPositionError(new Error('Invalid position.'))).toBe(true);
    expect(isInvalidPositionError(new Error('Stream not found'))).toBe(false);
  });

  it('hides system events, system streams and unresolved links', () => {
    expect(toRecordedEvent(resolved('market-p1-IN', '$metadata'))).toBeUndefined();
    expect(toRecordedEvent(resolved('$stats-127.0.0.1:2113', 'Stats'))).toBeUndefined();
    expect(toRecordedEvent({ commitPosition: 7n })).toBeUndefined();
  });
});

describe('an EventStoreDB event whose data is not JSON', () => {
  it('is delivered marked unreadable, with empty data, instead of failing the read', () => {
    const binary = resolved('market-p-IN', 'Stepped');
    const event = { ...binary, event: { ...binary.event!, isJson: false, data: Buffer.from([0xff, 0x00]) } };

    const recorded = toRecordedEvent(event as unknown as AllStreamResolvedEvent);

    expect(recorded).toMatchObject({ streamId: 'market-p-IN', data: {}, metadata: {} });
    expect(unreadableReason(recorded!)).toMatch(/^not JSON/);
    expect(unreadableReason(toRecordedEvent(binary)!)).toBeUndefined();
  });
});
