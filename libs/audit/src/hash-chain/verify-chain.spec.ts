import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import {
  canonicalEventBody,
  computeEventHash,
  eventHashMatches,
  GENESIS_HASH,
  type HashableEvent,
} from './event-hash';
import { verifyStreamChain } from './verify-chain';

function chain(count: number): HashableEvent[] {
  const events: HashableEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let revision = 0; revision < count; revision++) {
    const event: HashableEvent = {
      streamId: 'market-p-IN',
      revision,
      type: 'BatchCopied',
      data: { batchId: `b${revision}`, users: 100 },
      metadata: { actor: 'ops', prevHash },
    };
    event.metadata.hash = computeEventHash(event);
    prevHash = event.metadata.hash as string;
    events.push(event);
  }
  return events;
}

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });

  it('gives the same text for the same content in another key order', () => {
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('stream hash chain', () => {
  it('accepts an untouched chain and reports its head', () => {
    const events = chain(5);
    expect(verifyStreamChain(events)).toEqual({ ok: true, events: 5, head: events[4].metadata.hash });
  });

  it('locates a changed data value at its revision', () => {
    const events = chain(5);
    events[2] = { ...events[2], data: { batchId: 'b2', users: 101 } };
    expect(verifyStreamChain(events).firstBreak).toMatchObject({ kind: 'hash_mismatch', revision: 2 });
  });

  it('locates a removed event as a revision gap', () => {
    const events = chain(5);
    events.splice(3, 1);
    expect(verifyStreamChain(events).firstBreak).toMatchObject({
      kind: 'revision_gap',
      revision: 4,
      expectedRevision: 3,
    });
  });

  it('locates a broken link when an event was recomputed without its predecessor', () => {
    const events = chain(3);
    events[1].metadata.prevHash = GENESIS_HASH;
    events[1].metadata.hash = computeEventHash(events[1]);
    expect(verifyStreamChain(events).firstBreak).toMatchObject({ kind: 'prev_hash_mismatch', revision: 1 });
  });
});

describe('event hash', () => {
  it('hashes exactly the canonical JSON of the event with its envelope minus its own hash', () => {
    const event: HashableEvent = {
      streamId: 'market-p-IN',
      revision: 3n,
      type: 'BatchCopied',
      data: { users: 5, batchId: 'b', nested: [{ z: 1, a: undefined }] },
      metadata: { prevHash: GENESIS_HASH, actor: 'ops', hash: 'ignored', note: undefined },
    };
    const { hash: _hash, ...metadata } = event.metadata;
    const body = canonicalJson({ ...event, revision: 3, metadata });
    const expected = createHash('sha256').update(body).digest('hex');
    expect(computeEventHash(event)).toBe(expected);
  });

  it('matches a stored hash whether or not the objects hold their keys sorted, and only the right one', () => {
    const sorted: HashableEvent = {
      streamId: 'market-p-IN',
      revision: 1,
      type: 'BatchCopied',
      data: { batchId: 'b', users: 5 },
      metadata: { actor: 'ops', prevHash: GENESIS_HASH },
    };
    const hash = computeEventHash(sorted);
    const unsorted = {
      ...sorted,
      data: { users: 5, batchId: 'b' },
      metadata: { prevHash: GENESIS_HASH, actor: 'ops' },
    };
    expect(eventHashMatches({ ...sorted, metadata: { ...sorted.metadata, hash } }, hash)).toBe(true);
    expect(eventHashMatches(unsorted, hash)).toBe(true);
    expect(eventHashMatches({ ...sorted, data: { batchId: 'b', users: 6 } }, hash)).toBe(false);
    expect(eventHashMatches({ ...unsorted, revision: 2 }, hash)).toBe(false);
  });

  it('takes the hashed text a source holds when it matches, and the values when it does not', () => {
    const event: HashableEvent = {
      streamId: 'market-p-IN',
      revision: 0,
      type: 'MarketEnrolled',
      data: { users: 5 },
      metadata: { prevHash: GENESIS_HASH },
    };
    const hash = computeEventHash(event);
    expect(eventHashMatches({ ...event, hashedText: canonicalEventBody(event) }, hash)).toBe(true);
    expect(eventHashMatches({ ...event, hashedText: '{"not":"it"}' }, hash)).toBe(true);
    const altered = { ...event, data: { users: 6 } };
    expect(eventHashMatches({ ...altered, hashedText: canonicalEventBody(altered) }, hash)).toBe(false);
  });
});
