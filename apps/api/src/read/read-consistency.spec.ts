import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@app/event-store';
import type { ProjectionRunner, ProjectionStatus } from '@app/projections';
import type { AppConfig } from '../config/app.config';
import { PositionBeyondLogError, ReadConsistency, ReadModelBehindError } from './read-consistency';

/** A read side stopped at fixed checkpoints (a fake: what is tested is how the answer is chosen). */
function readSide(checkpoints: bigint[], poisoned: boolean[] = [], trailing: boolean[] = []) {
  const waits: bigint[] = [];
  const runner = {
    status: () =>
      checkpoints.map((checkpoint, i) => ({
        checkpoint,
        poison: poisoned[i] ? { position: 1n } : undefined,
        trailing: trailing[i] ?? false,
      })),
    waitForPosition: (position: bigint) => {
      waits.push(position);
      return Promise.resolve(
        checkpoints.every((checkpoint, i) => poisoned[i] || trailing[i] || checkpoint >= position),
      );
    },
  } as unknown as ProjectionRunner & { status(): ProjectionStatus[] };
  return { runner, waits };
}

describe('read your writes (?minPosition=)', () => {
  let store: SqliteEventStore;
  const config = { readWaitTimeoutMs: 50 } as AppConfig;

  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-consistency-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), readerThread: false });
    for (let i = 0; i < 5; i++)
      await store.append('s', [{ id: randomUUID(), type: 'T', data: {}, metadata: {} }], {
        expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1),
      });
  });
  afterEach(() => store.close());

  it('answers at once when the read side has the position', async () => {
    const { runner } = readSide([5n, 5n]);
    await expect(new ReadConsistency(runner, store, config).reach(5)).resolves.toBeUndefined();
  });

  it('refuses a position past the last event of the log, naming the field, without waiting', async () => {
    const { runner, waits } = readSide([5n, 3n]);
    const reach = new ReadConsistency(runner, store, config).reach(6);
    await expect(reach).rejects.toBeInstanceOf(PositionBeyondLogError);
    await expect(reach).rejects.toMatchObject({
      status: 400,
      code: 'validation_failed',
      details: { fields: [{ field: 'minPosition', problems: [expect.stringContaining('at 5')] }] },
    });
    expect(waits).toEqual([]);
  });

  it('waits for a position in the log the read side has not applied, then answers 503', async () => {
    const { runner, waits } = readSide([5n, 3n]);
    await expect(new ReadConsistency(runner, store, config).reach(5)).rejects.toBeInstanceOf(
      ReadModelBehindError,
    );
    expect(waits).toEqual([5n]);
  });

  describe('with more events past the slowest checkpoint than one look ahead reads', () => {
    beforeEach(async () => {
      const more = Array.from({ length: 1000 }, () => ({
        id: randomUUID(),
        type: 'T',
        data: {},
        metadata: {},
      }));
      await store.append('s', more, { expectedRevision: 4n });
    });

    it('leaves the answer to the wait', async () => {
      const { runner, waits } = readSide([0n]);
      await expect(new ReadConsistency(runner, store, config).reach(5000)).rejects.toBeInstanceOf(
        ReadModelBehindError,
      );
      expect(waits).toEqual([5000n]);
    });

    it('looks from the slowest projection that still runs: a poisoned one far behind does not count', async () => {
      const { runner } = readSide([1005n, 0n], [false, true]);
      await expect(new ReadConsistency(runner, store, config).reach(1006)).rejects.toBeInstanceOf(
        PositionBeyondLogError,
      );
    });

    it('looks from the projections the wait waits for: a trailing one far behind does not count', async () => {
      const { runner } = readSide([1005n, 0n], [], [false, true]);
      await expect(new ReadConsistency(runner, store, config).reach(1006)).rejects.toBeInstanceOf(
        PositionBeyondLogError,
      );
    });
  });

  it('says the log is empty when it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-consistency-empty-'));
    const empty = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), readerThread: false });
    try {
      const { runner } = readSide([0n]);
      await expect(new ReadConsistency(runner, empty, config).reach(1)).rejects.toMatchObject({
        details: { fields: [{ problems: [expect.stringContaining('the log is empty')] }] },
      });
    } finally {
      await empty.close();
    }
  });
});
