import { validateRow } from './row-validator';

const copied = (occurredAt: string) =>
  validateRow({ program: 'intl-2014', step: 'copied', market: 'IN', batch: 'b-1', users: '10', occurredAt });
const revised = (deadline: string) =>
  validateRow({ program: 'intl-2014', step: 'revise-deadline', deadline, reason: 'board decision' });

describe('an import row', () => {
  describe('its instants', () => {
    it('are taken up to the last millisecond of 2199 and from the Unix epoch, in UTC', () => {
      expect(copied('2199-12-31T23:59:59.999Z')).toEqual({ row: expect.objectContaining({ users: 10 }) });
      expect(copied('1970-01-01T08:00:00+08:00')).toHaveProperty('row');
    });

    it('are refused past 2199 in UTC, even when the local date is still in 2199', () => {
      expect(revised('2199-12-31T23:59:59-12:00')).toEqual({
        problem:
          'deadline must be between 1970-01-01T00:00:00.000Z and 2199-12-31T23:59:59.999Z, got "2199-12-31T23:59:59-12:00"',
      });
      expect(copied('9999-12-31T23:59:59Z')).toHaveProperty(
        'problem',
        expect.stringContaining('occurredAt must be between'),
      );
    });

    it('are refused before the Unix epoch', () => {
      expect(copied('1970-01-01T07:59:59+08:00')).toHaveProperty(
        'problem',
        expect.stringContaining('occurredAt must be between'),
      );
    });

    it('must name their zone and be a real calendar date', () => {
      expect(copied('2014-05-15T16:00:00')).toHaveProperty('problem', expect.stringContaining('ISO-8601'));
      expect(copied('2014-02-30T16:00:00Z')).toHaveProperty('problem', expect.stringContaining('ISO-8601'));
    });
  });
});
