import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdempotencyStore } from './idempotency.store';

describe('idempotency store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idempotency-'));
  const file = join(dir, 'idempotency.sqlite');
  const at = new Date('2014-06-01T00:00:00Z');
  let store: IdempotencyStore;

  beforeEach(() => (store = new IdempotencyStore(file)));
  afterEach(() => store.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('marks a request as begun, then keeps its answer in place of the mark', () => {
    store.begin('ops POST /a', 'k1', 'f1', at);
    expect(store.find('ops POST /a', 'k1')).toEqual({ fingerprint: 'f1', since: at.toISOString() });
    store.save('ops POST /a', 'k1', { fingerprint: 'f1', status: 201, body: { revision: 3 } }, at);
    expect(store.find('ops POST /a', 'k1')).toEqual({
      fingerprint: 'f1',
      status: 201,
      body: { revision: 3 },
    });
    // A kept answer is never replaced, nor turned back into a mark.
    store.save('ops POST /a', 'k1', { fingerprint: 'f1', status: 201, body: { revision: 9 } }, at);
    store.begin('ops POST /a', 'k1', 'f1', at);
    store.abandon('ops POST /a', 'k1');
    expect(store.find('ops POST /a', 'k1')).toMatchObject({ body: { revision: 3 } });
  });

  it('keeps a mark across a restart, as it was first written, until abandoned', () => {
    store.begin('ops POST /b', 'k2', 'f2', at);
    store.close();
    store = new IdempotencyStore(file);
    store.begin('ops POST /b', 'k2', 'other', new Date());
    expect(store.find('ops POST /b', 'k2')).toEqual({ fingerprint: 'f2', since: at.toISOString() });
    store.abandon('ops POST /b', 'k2');
    expect(store.find('ops POST /b', 'k2')).toBeUndefined();
  });

  it('scopes keys by caller and route', () => {
    store.save('ops POST /c', 'k3', { fingerprint: 'f3', status: 201, body: 1 }, at);
    expect(store.find('viewer POST /c', 'k3')).toBeUndefined();
    expect(store.find('ops POST /d', 'k3')).toBeUndefined();
  });
});
