import { fold, marketDecider, type MarketEvent, type MarketState } from '@app/domain';

/**
 * Bytes per batch (JS heap + array buffers) of one folded market state: a market of BATCHES batches (each copied, then verified;
 * ids as an operator's tooling writes them, parsed from JSON as the store hands them over) folded with the
 * real decider, memory measured after a full GC before and after. Run once by hand:
 * `node --expose-gc -r @swc-node/register bench/append/write-cache-memory.main.ts [batches]`.
 */
const ref = { programId: 'bench-2014', market: 'IN' };

/** The stream as a store returns it: every event's data parsed from its own JSON text. */
function* stream(batches: number): Generator<MarketEvent> {
  const parsed = (event: object): MarketEvent => JSON.parse(JSON.stringify(event)) as MarketEvent;
  yield parsed({
    type: 'MarketEnrolled',
    data: { ...ref, targetRegion: 'us-east', usersInScope: batches * 100 },
  });
  yield parsed({ type: 'MigrationStarted', data: ref });
  for (let index = 0; index < batches; index++) {
    const batchId = `IN-2014-${String(index).padStart(6, '0')}`;
    yield parsed({
      type: 'BatchCopied',
      data: { ...ref, batchId, users: 100, bytes: 1_900_000, attempt: 1 },
    });
    yield parsed({ type: 'BatchVerified', data: { ...ref, batchId, users: 100, checksum: 'sha256:00' } });
  }
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let round = 0; round < 3; round++) gc();
  // Typed arrays keep their contents outside the JS heap: counted too.
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

export function bytesPerBatch(batches: number): { bytesPerBatch: number; state: MarketState } {
  const before = heapAfterGc();
  const state = fold(marketDecider, stream(batches));
  const after = heapAfterGc();
  return { bytesPerBatch: (after - before) / batches, state };
}

if (require.main === module) {
  const batches = Number(process.argv[2] ?? 100_000);
  const { bytesPerBatch: bytes, state } = bytesPerBatch(batches);
  const verified = state.phase === 'not_enrolled' ? 0 : state.verifiedUsers;
  console.log(
    `${batches} batches (${verified} users verified): ${bytes.toFixed(1)} bytes per batch (heap + array buffers)`,
  );
}
