import type { JsonObject, RecordedEvent } from '@app/event-store';
import type { MarketProgressRow } from '@app/projections';
import { replayReadModels } from './as-of-replay';
import { turnCounter } from './testing/turn-counter';

const T0 = Date.parse('2014-03-01T00:00:00Z');

/** A program with one market that copies and verifies `batches` batches of 10 users, one a minute. */
function history(batches: number): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const revisions = new Map<string, number>();
  const add = (stream: string, type: string, data: object) => {
    const at = new Date(T0 + events.length * 60_000).toISOString();
    const revision = revisions.get(stream) ?? 0;
    revisions.set(stream, revision + 1);
    events.push({
      id: `e${events.length}`,
      streamId: stream,
      revision: BigInt(revision),
      position: BigInt(events.length + 1),
      type,
      data: { programId: 'p', ...data } as JsonObject,
      metadata: { actor: 'ops-1', role: 'operator', occurredAt: at, recordedAt: at, schemaVersion: 1 },
      recordedAt: at,
    });
  };
  add('program-p', 'ProgramCreated', {
    name: 'P',
    sourceRegion: 'cn-north',
    deadline: '2014-10-31T23:59:59+08:00',
    timeZone: 'Asia/Singapore',
    dataCategories: ['contacts'],
  });
  add('market-p-IN', 'MarketEnrolled', { market: 'IN', targetRegion: 'us-east', usersInScope: 10 * batches });
  add('market-p-IN', 'MigrationStarted', { market: 'IN' });
  for (let b = 0; b < batches; b++) {
    add('market-p-IN', 'BatchCopied', { market: 'IN', batchId: `b${b}`, users: 10, attempt: 1 });
    add('market-p-IN', 'BatchVerified', { market: 'IN', batchId: `b${b}`, users: 10 });
  }
  return events;
}

describe('replayReadModels', () => {
  it('rebuilds the read models from the chosen events', async () => {
    const replay = await replayReadModels(history(150));
    try {
      const row = replay.runner.reader.get<MarketProgressRow>(
        'market-progress',
        'SELECT * FROM {market_progress} WHERE market = ?',
        'IN',
      );
      expect([row?.verified_users, row?.batches_verified, row?.phase]).toEqual([1_500, 150, 'migrating']);
    } finally {
      replay.close();
    }
  });

  it('lets other work run between its batches, however long the history', async () => {
    const events = history(2_500); // 5,003 events
    const counter = turnCounter();
    const replay = await replayReadModels(events);
    const turns = counter.stop();
    replay.close();
    // Other work gets a turn at least every ~1,000 events (a few ms); in batches of 10,000 it got at most 1.
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});
