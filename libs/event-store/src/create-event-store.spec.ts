import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from './create-event-store';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { SqliteEventStore } from './sqlite-event-store';

describe('createEventStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'create-event-store-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the embedded store at <dataDir>/events.sqlite, creating the directory', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const store = createEventStore({ dataDir, durability: 'normal' });
    try {
      expect(store).toBeInstanceOf(SqliteEventStore);
      expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);
      expect((store as SqliteEventStore).settings().synchronous).toBe('normal');
    } finally {
      await store.close();
    }
  });

  it("stamps the embedded store's recordedAt with the clock it is given", async () => {
    const store = createEventStore({ dataDir: dir, clock: () => new Date('2014-06-01T08:00:00+08:00') });
    try {
      await store.append('s-1', [{ id: 'e-1', type: 'Happened', data: {}, metadata: {} }], {
        expectedRevision: 'any',
      });
      const [event] = await store.readStream('s-1');
      expect(event.recordedAt).toBe('2014-06-01T00:00:00.000Z');
    } finally {
      await store.close();
    }
  });

  it('uses EventStoreDB when a connection string is set, and the embedded store when it is blank', async () => {
    const remote = createEventStore({
      dataDir: dir,
      eventStoreConnectionString: 'esdb://localhost:2113?tls=false',
    });
    const local = createEventStore({ dataDir: dir, eventStoreConnectionString: '  ' });
    try {
      expect(remote).toBeInstanceOf(EventStoreDbEventStore);
      expect(local).toBeInstanceOf(SqliteEventStore);
    } finally {
      await Promise.all([remote.close(), local.close()]);
    }
  });
});
