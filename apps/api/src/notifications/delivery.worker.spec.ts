import { retryDelayMs } from './delivery.worker';

describe('retry delay', () => {
  it('doubles per attempt, between half and all of the doubled delay', () => {
    expect(retryDelayMs(1, 1000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, () => 1)).toBe(4000);
    expect(retryDelayMs(3, 1000, () => 0)).toBe(2000);
  });

  it('never waits more than an hour', () => {
    expect(retryDelayMs(40, 1000, () => 1)).toBe(3_600_000);
  });
});
