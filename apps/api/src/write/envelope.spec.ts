import { computeEventHash, GENESIS_HASH } from '@app/audit';
import { envelopeEvents } from './envelope';

describe('event envelope', () => {
  const wrap = () =>
    envelopeEvents(
      [
        { type: 'BatchCopied', data: { users: 5, batchId: 'b-1', attempt: 1 } },
        { type: 'BatchVerified', data: { users: 5, batchId: 'b-1' } },
      ],
      {
        streamId: 'market-p-IN',
        firstRevision: 3n,
        prevHash: GENESIS_HASH,
        recordedAt: new Date('2014-06-01T00:00:00Z'),
        context: {
          principal: { name: 'ops-1', role: 'operator' },
          correlationId: 'c-1',
          idempotencyKey: 'k-1',
          occurredAt: '2014-05-31T10:00:00+08:00',
        },
        newId: (() => {
          let id = 0;
          return () => `e-${++id}`;
        })(),
      },
    );

  it('chains the events: each hash covers the event and links to the one before', () => {
    const { events, headHash } = wrap();
    const [first, second] = events.map((event, index) => ({
      ...event,
      streamId: 'market-p-IN',
      revision: 3n + BigInt(index),
    }));
    expect(first.metadata.prevHash).toBe(GENESIS_HASH);
    expect(first.metadata.hash).toBe(computeEventHash(first));
    expect(second.metadata.prevHash).toBe(first.metadata.hash);
    expect(second.metadata.hash).toBe(computeEventHash(second));
    expect(headHash).toBe(second.metadata.hash);
    expect(first.metadata).toMatchObject({
      actor: 'ops-1',
      role: 'operator',
      occurredAt: '2014-05-31T02:00:00.000Z',
      recordedAt: '2014-06-01T00:00:00.000Z',
    });
  });

  it('stores data and envelope with their keys in canonical order, the hash last', () => {
    const [event] = wrap().events;
    expect(Object.keys(event.data)).toEqual(['attempt', 'batchId', 'users']);
    const keys = Object.keys(event.metadata);
    expect(keys.at(-1)).toBe('hash');
    expect(keys.slice(0, -1)).toEqual([...keys.slice(0, -1)].sort());
  });
});
