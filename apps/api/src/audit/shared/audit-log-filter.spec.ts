import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTrackerStream } from '@app/audit';
import { FilteredEventStore, SqliteEventStore } from '@app/event-store';
import type { AppConfig } from '../../config/app.config';
import { AuditLogReader } from './audit-log.reader';

const event = () => ({ id: randomUUID(), type: 'Stepped', data: {}, metadata: { hash: 'h' } });

describe('the audit log as verification reads it', () => {
  let dir: string;
  let store: FilteredEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-log-filter-'));
    const file = join(dir, 'events.sqlite');
    let inner = new SqliteEventStore({ filename: file });
    await inner.append('market-p-IN', [event()], { expectedRevision: 'no_stream' });
    await inner.append('contract_x', [event(), event()], { expectedRevision: 'no_stream' });
    await inner.close();
    const db = new Database(file);
    db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at)
       VALUES ('market-p-IN', 1, ?, 'Stepped', 'garbage', 'garbage', '2014-06-01T00:00:00.000Z')`,
    ).run(randomUUID());
    db.close();
    inner = new SqliteEventStore({ filename: file });
    await inner.append('market-p-IN', [event()], { expectedRevision: 1n });
    store = new FilteredEventStore(inner, isTrackerStream);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const readWith = async (config: Partial<AppConfig>) => {
    const reader = new AuditLogReader(store, { dataDir: dir, ...config } as AppConfig);
    const seen: { streamId: string; revision: bigint; unreadable?: string }[] = [];
    for await (const e of reader.log())
      seen.push({ streamId: e.streamId, revision: BigInt(e.revision), unreadable: e.unreadable });
    return seen;
  };

  it.each([
    ['through the port (EventStoreDB)', { eventStoreConnectionString: 'esdb://unused' }],
    ['from the embedded file', {}],
  ])('%s: holds the tracker streams only, and names the unreadable event in place', async (_, config) => {
    const seen = await readWith(config);

    expect(seen.map((e) => [e.streamId, e.revision, e.unreadable !== undefined])).toEqual([
      ['market-p-IN', 0n, false],
      ['market-p-IN', 1n, true],
      ['market-p-IN', 2n, false],
    ]);
  });
});
