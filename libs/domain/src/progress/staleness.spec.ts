import { assessStaleness } from './staleness';

const HOUR = 3_600_000;
const now = new Date('2014-10-21T16:00:00.000Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString();
const later = (ms: number): string => new Date(now.getTime() + ms).toISOString();

describe('staleness', () => {
  describe('when migrating', () => {
    const migrating = { phase: 'migrating', now } as const;

    it('is stale exactly when the last step is staleAfterMs old (24 hours by default)', () => {
      expect(assessStaleness({ ...migrating, lastStepAt: ago(24 * HOUR - 1) })).toEqual({
        stale: false,
        reason: null,
      });
      expect(assessStaleness({ ...migrating, lastStepAt: ago(24 * HOUR) })).toEqual({
        stale: true,
        reason: 'stale: no step logged for 24.0 h (expected within 24.0 h)',
      });
    });

    it('uses the given interval', () => {
      expect(assessStaleness({ ...migrating, lastStepAt: ago(HOUR), staleAfterMs: HOUR }).stale).toBe(true);
      expect(assessStaleness({ ...migrating, lastStepAt: ago(HOUR), staleAfterMs: HOUR + 1 }).stale).toBe(
        false,
      );
    });

    it('is stale without any step logged', () => {
      expect(assessStaleness(migrating)).toEqual({ stale: true, reason: 'stale: no step logged yet' });
    });

    it('is not stale with a step dated after now', () => {
      expect(assessStaleness({ ...migrating, lastStepAt: later(HOUR) }).stale).toBe(false);
    });

    it('refuses an interval that is not a positive number', () => {
      expect(() => assessStaleness({ ...migrating, staleAfterMs: 0 })).toThrow(
        new RangeError('staleAfterMs must be a number > 0, got 0'),
      );
      expect(() => assessStaleness({ ...migrating, staleAfterMs: Number.NaN })).toThrow(RangeError);
    });
  });

  describe.each(['paused', 'cut_over', 'source_purged'] as const)('when %s', (phase) => {
    it('goes stale like a migrating market', () => {
      expect(assessStaleness({ phase, now, lastStepAt: ago(2 * 24 * HOUR) }).stale).toBe(true);
      expect(assessStaleness({ phase, now, lastStepAt: ago(HOUR) }).stale).toBe(false);
    });
  });

  describe('when planned', () => {
    it('expects nothing before its planned start, or without one', () => {
      expect(assessStaleness({ phase: 'planned', now }).stale).toBe(false);
      expect(assessStaleness({ phase: 'planned', now, plannedStart: later(1) }).stale).toBe(false);
      expect(
        assessStaleness({ phase: 'planned', now, plannedStart: later(1), lastStepAt: ago(90 * 24 * HOUR) })
          .stale,
      ).toBe(false);
    });

    it('is stale from the planned start instant on when no step was logged', () => {
      expect(assessStaleness({ phase: 'planned', now, plannedStart: now.toISOString() }).stale).toBe(true);
    });
  });

  describe('when completed', () => {
    it('is never stale', () => {
      expect(assessStaleness({ phase: 'completed', now, lastStepAt: ago(90 * 24 * HOUR) }).stale).toBe(false);
    });
  });
});
