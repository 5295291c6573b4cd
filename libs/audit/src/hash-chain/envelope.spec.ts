import { createHash } from 'node:crypto';
import { computeEventHash, GENESIS_HASH } from './event-hash';
import { envelopeEvents } from './envelope';
import { verifyStreamChain } from './verify-chain';

/** What the first event's hash covers, written out by hand: keys sorted, no spaces, the hash member left out. */
const FIRST_EVENT_TEXT =
  '{"data":{"attempt":1,"batchId":"b-1","users":5},' +
  '"metadata":{"actor":"ops-1","correlationId":"c-1","idempotencyKey":"k-1",' +
  '"occurredAt":"2014-05-31T02:00:00.000Z",' +
  `"prevHash":"${'0'.repeat(64)}",` +
  '"recordedAt":"2014-06-01T00:00:00.000Z","role":"operator","schemaVersion":2},' +
  '"revision":3,"streamId":"market-p-IN","type":"BatchCopied"}';

/** SHA-256 of FIRST_EVENT_TEXT, computed apart from the code under test (node:crypto over the literal). */
const FIRST_EVENT_HASH = '8205fd128ee1d251f3ce169ba7927c3c9eabff900d796f608839ac9099b32f05';

describe('event envelope', () => {
  const wrap = (firstRevision = 3n) =>
    envelopeEvents(
      [
        { type: 'BatchCopied', data: { users: 5, batchId: 'b-1', attempt: 1 } },
        { type: 'BatchVerified', data: { users: 5, batchId: 'b-1' } },
      ],
      {
        streamId: 'market-p-IN',
        firstRevision,
        prevHash: GENESIS_HASH,
        recordedAt: new Date('2014-06-01T00:00:00Z'),
        context: {
          actor: 'ops-1',
          role: 'operator',
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
  const recorded = (firstRevision = 3n) =>
    wrap(firstRevision).events.map((event, index) => ({
      ...event,
      streamId: 'market-p-IN',
      revision: firstRevision + BigInt(index),
    }));

  it('hashes the canonical text of the event and its envelope (a fixed vector)', () => {
    expect(createHash('sha256').update(FIRST_EVENT_TEXT).digest('hex')).toBe(FIRST_EVENT_HASH);
    const [first] = wrap().events;
    expect(first.metadata.hash).toBe(FIRST_EVENT_HASH);
  });

  it('chains the events: each hash covers the event and links to the one before', () => {
    const [first, second] = recorded();
    expect(first.metadata.prevHash).toBe(GENESIS_HASH);
    expect(second.metadata.prevHash).toBe(first.metadata.hash);
    expect(second.metadata.hash).toBe(computeEventHash(second));
    expect(wrap().headHash).toBe(second.metadata.hash);
    // The stream's verifier accepts the chain from its first event.
    expect(verifyStreamChain(recorded(0n))).toMatchObject({ ok: true, events: 2 });
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
