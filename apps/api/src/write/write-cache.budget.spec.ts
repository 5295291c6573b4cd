import { heapLimitMbFor, SERVER_HEAP_MB, writeCacheBudget } from './write-cache.budget';

const MIB = 1024 * 1024;

describe('the write cache budget', () => {
  it('is WRITE_CACHE_MB when the heap limit holds it beside the rest of the server', () => {
    expect(writeCacheBudget(256 * MIB, heapLimitMbFor(256) * MIB)).toBe(256 * MIB);
    expect(writeCacheBudget(256 * MIB, 4096 * MIB)).toBe(256 * MIB);
  });

  it('is what the heap limit leaves beside the rest of the server when that is less', () => {
    expect(writeCacheBudget(256 * MIB, (SERVER_HEAP_MB + 100) * MIB)).toBe(100 * MIB);
  });

  it('is nothing when the heap limit leaves nothing beside the rest of the server', () => {
    expect(writeCacheBudget(256 * MIB, (SERVER_HEAP_MB - 1) * MIB)).toBe(0);
    expect(writeCacheBudget(0, 4096 * MIB)).toBe(0);
  });

  it('gives the launcher an old space of WRITE_CACHE_MB plus the rest of the server', () => {
    expect(heapLimitMbFor(256)).toBe(256 + SERVER_HEAP_MB);
  });
});
