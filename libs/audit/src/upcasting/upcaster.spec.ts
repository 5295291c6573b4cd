import { computeEventHash, GENESIS_HASH } from '../hash-chain/event-hash';
import { verifyStreamChain } from '../hash-chain/verify-chain';
import { eventUpcasters, UpcasterRegistry } from './upcaster';

function storedV1(data: Record<string, unknown>) {
  const metadata: Record<string, unknown> = { actor: 'legacy', schemaVersion: 1, prevHash: GENESIS_HASH };
  const event = { streamId: 'market-p-TW', revision: 0n, type: 'BatchCopied', data, metadata };
  metadata.hash = computeEventHash(event);
  return event;
}

describe('upcasters', () => {
  describe('BatchCopied v1 -> v2', () => {
    it('adds attempt 1 to a copy written without it, leaving the stored event and its envelope alone', () => {
      const stored = storedV1({ batchId: 'b1', users: 500 });
      const { event, from, to } = eventUpcasters.upcast(stored);
      expect({ from, to }).toEqual({ from: 1, to: 2 });
      expect(event.data).toEqual({ batchId: 'b1', users: 500, attempt: 1 });
      expect(event.metadata).toBe(stored.metadata);
      expect(stored.data).toEqual({ batchId: 'b1', users: 500 });
      expect(verifyStreamChain([stored]).ok).toBe(true);
    });

    it('keeps an attempt that is already there', () => {
      const { event } = eventUpcasters.upcast(storedV1({ batchId: 'b1', users: 500, attempt: 3 }));
      expect(event.data).toMatchObject({ attempt: 3 });
    });

    it('leaves other types and current versions untouched', () => {
      const other = { type: 'BatchVerified', data: { users: 1 }, metadata: { schemaVersion: 1 } };
      expect(eventUpcasters.upcast(other)).toEqual({ event: other, from: 1, to: 1 });
      const v2 = { type: 'BatchCopied', data: { attempt: 1 }, metadata: { schemaVersion: 2 } };
      expect(eventUpcasters.upcast(v2).event).toBe(v2);
    });
  });

  it('chains upcasters version after version', () => {
    const registry = new UpcasterRegistry([
      { type: 'T', fromVersion: 1, upcast: (d) => ({ ...d, a: 1 }) },
      { type: 'T', fromVersion: 2, upcast: (d) => ({ ...d, b: 2 }) },
    ]);
    const result = registry.upcast({ type: 'T', data: {}, metadata: {} });
    expect(result).toMatchObject({ from: 1, to: 3, event: { data: { a: 1, b: 2 } } });
  });
});
