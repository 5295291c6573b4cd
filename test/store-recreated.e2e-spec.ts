import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { programBody } from './support/fixtures';
import { TestServer } from './support/test-server';

/**
 * A data dir whose event store is recreated (a wiped volume, a new EventStoreDB database) keeps its side files:
 * the idempotency answers and projection actions of the old store must not be taken as this store's.
 */
describe('a data dir pointed at a recreated store: the shared side files', () => {
  it('runs a retry anew instead of replaying an answer that names an event of the old store', async () => {
    const server = await TestServer.start();
    const key = { 'idempotency-key': 'create-p-once' };
    try {
      const first = await server.post('/programs', programBody('p'), { headers: key });
      expect(first.status).toBe(201);
      const replay = await server.post('/programs', programBody('p'), { headers: key });
      expect(replay.headers.get('idempotent-replayed')).toBe('true'); // same store: the answer stands

      await server.restart(() => {
        for (const suffix of ['', '-wal', '-shm'])
          rmSync(join(server.dataDir, `events.sqlite${suffix}`), { force: true });
      });
      const retry = await server.post('/programs', programBody('p'), { headers: key });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
      const events = await server.allEvents();
      expect(events.filter((event) => event.type === 'ProgramCreated')).toHaveLength(1);
      expect(events.find((event) => event.type === 'ProgramCreated').position).toBe(retry.body.position);
    } finally {
      await server.stop();
    }
  });
});
