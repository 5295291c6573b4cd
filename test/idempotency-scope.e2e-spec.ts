import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalJson } from '@app/audit';
import { expectPost, programBody } from './support/fixtures';
import { snapshotEventLog } from './support/log-snapshot';
import { TestServer } from './support/test-server';

describe('Idempotency-Key scoped by route and decoded parameters', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
    await expectPost(server, '/programs', programBody('intl-2014'));
    await expectPost(server, '/programs/intl-2014/markets', {
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 1000,
    });
    await expectPost(server, '/programs/intl-2014/markets/IN/start');
  });

  afterAll(() => server.stop());

  it.each([
    [
      'an encoded URL, then the plain one',
      '/programs/intl%2D2014/markets/%49N',
      '/programs/intl-2014/markets/IN',
    ],
    [
      'the plain URL, then an encoded one',
      '/programs/intl-2014/markets/IN',
      '/programs/intl%2d2014/markets/I%4E',
    ],
  ])('replays the first answer and writes once: %s', async (_, first, second) => {
    const batch = `b-${first.length}-${second.length}-${first.includes('%49') ? 1 : 2}`;
    const headers = { 'idempotency-key': `copy-${batch}` };
    const rows = snapshotEventLog(server.dataDir).rows;
    const original = await server.post(`${first}/batches/${batch}/copied`, { users: 10 }, { headers });
    expect(original.status).toBe(201);
    const retry = await server.post(`${second}/batches/${batch}/copied`, { users: 10 }, { headers });
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: original.body });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(snapshotEventLog(server.dataDir).rows).toBe(rows + 1);
  });

  it('still tells apart two resources that share a key', async () => {
    const headers = { 'idempotency-key': 'same-key' };
    const rows = snapshotEventLog(server.dataDir).rows;
    const one = await server.post(
      '/programs/intl-2014/markets/IN/batches/k-1/copied',
      { users: 1 },
      { headers },
    );
    const two = await server.post(
      '/programs/intl-2014/markets/IN/batches/k-2/copied',
      { users: 1 },
      { headers },
    );
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(two.body.revision).toBe(one.body.revision + 1);
    expect(snapshotEventLog(server.dataDir).rows).toBe(rows + 2);
  });

  it('replays an answer kept by an earlier version under the raw URL', async () => {
    const path = '/programs/intl-2014/markets/IN/batches/old-1/copied';
    const body = { users: 3 };
    const kept = { streamId: 'market-intl-2014-IN', revision: 99, position: 999 };
    const fingerprint = createHash('sha256')
      .update(canonicalJson({ body, ifMatch: null }))
      .digest('hex');
    await server.restart(() => {
      const db = new Database(join(server.dataDir, 'idempotency.sqlite'));
      db.prepare(
        'INSERT INTO idempotency (scope, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, 201, ?, ?)',
      ).run(`ops-1 POST ${path}`, 'old-key', fingerprint, JSON.stringify(kept), new Date().toISOString());
      db.close();
    });
    const rows = snapshotEventLog(server.dataDir).rows;
    const retry = await server.post(path, body, { headers: { 'idempotency-key': 'old-key' } });
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: kept });
    expect(snapshotEventLog(server.dataDir).rows).toBe(rows);
  });
});
