import {
  addDays,
  dayInZone,
  dayShareLeft,
  daysBetween,
  daysUntil,
  endOfDayInZone,
  isDay,
  lastDayOnTime,
  startOfDayInZone,
} from './calendar';

const iso = (date: Date): string => date.toISOString();

describe('calendar', () => {
  describe('dayInZone', () => {
    it('gives the local day, not the UTC day', () => {
      expect(dayInZone('2014-10-31T16:00:00Z', 'UTC')).toBe('2014-10-31');
      expect(dayInZone('2014-10-31T16:00:00Z', 'Asia/Shanghai')).toBe('2014-11-01');
      expect(dayInZone(new Date('2014-10-31T03:00:00Z'), 'America/Los_Angeles')).toBe('2014-10-30');
    });

    it('turns the day over at local midnight, to the millisecond, in a half-hour zone', () => {
      expect(dayInZone('2014-10-31T18:29:59.999Z', 'Asia/Kolkata')).toBe('2014-10-31');
      expect(dayInZone('2014-10-31T18:30:00.000Z', 'Asia/Kolkata')).toBe('2014-11-01');
    });

    it('refuses an unparsable instant and an unknown zone', () => {
      expect(() => dayInZone('yesterday', 'UTC')).toThrow(RangeError);
      expect(() => dayInZone('2014-10-31T16:00:00Z', 'Mars/Olympus_Mons')).toThrow(RangeError);
    });
  });

  describe('day arithmetic', () => {
    it('adds days across month, year and leap-day boundaries', () => {
      expect(addDays('2014-10-31', 1)).toBe('2014-11-01');
      expect(addDays('2014-12-31', 1)).toBe('2015-01-01');
      expect(addDays('2016-02-28', 1)).toBe('2016-02-29');
      expect(addDays('2014-03-01', -1)).toBe('2014-02-28');
      expect(addDays('2014-10-31', 0)).toBe('2014-10-31');
    });

    it('counts whole days between two days, negative backwards', () => {
      expect(daysBetween('2014-01-01', '2014-10-31')).toBe(303);
      expect(daysBetween('2014-03-29', '2014-03-31')).toBe(2);
      expect(daysBetween('2014-10-31', '2014-10-01')).toBe(-30);
    });

    it('refuses malformed and impossible days and fractional counts', () => {
      expect(isDay('2014-02-29')).toBe(false);
      expect(isDay('2016-02-29')).toBe(true);
      expect(() => addDays('2014-02-30', 1)).toThrow(RangeError);
      expect(() => daysBetween('2014-1-1', '2014-01-02')).toThrow(RangeError);
      expect(() => addDays('2014-01-01', 0.5)).toThrow(RangeError);
    });
  });

  describe('start and end of a local day', () => {
    it('spans 24 hours on an ordinary day', () => {
      expect(iso(startOfDayInZone('2014-10-31', 'Asia/Singapore'))).toBe('2014-10-30T16:00:00.000Z');
      expect(iso(endOfDayInZone('2014-10-31', 'Asia/Singapore'))).toBe('2014-10-31T15:59:59.999Z');
    });

    it('spans 23 hours when the clocks go forward and 25 when they go back (Berlin)', () => {
      expect(iso(startOfDayInZone('2014-03-30', 'Europe/Berlin'))).toBe('2014-03-29T23:00:00.000Z');
      expect(iso(endOfDayInZone('2014-03-30', 'Europe/Berlin'))).toBe('2014-03-30T21:59:59.999Z');
      expect(iso(startOfDayInZone('2014-10-26', 'Europe/Berlin'))).toBe('2014-10-25T22:00:00.000Z');
      expect(iso(endOfDayInZone('2014-10-26', 'Europe/Berlin'))).toBe('2014-10-26T22:59:59.999Z');
    });

    it('starts a day at the jump when midnight is skipped (São Paulo, 2014-10-19 00:00 -> 01:00)', () => {
      const start = startOfDayInZone('2014-10-19', 'America/Sao_Paulo');
      expect(iso(start)).toBe('2014-10-19T03:00:00.000Z');
      expect(dayInZone(new Date(start.getTime() - 1), 'America/Sao_Paulo')).toBe('2014-10-18');
      expect(iso(endOfDayInZone('2014-10-18', 'America/Sao_Paulo'))).toBe('2014-10-19T02:59:59.999Z');
    });

    it('ends a day after its repeated last hour when midnight comes back as 23:00 (São Paulo, 2015-02-22)', () => {
      expect(iso(startOfDayInZone('2015-02-21', 'America/Sao_Paulo'))).toBe('2015-02-21T02:00:00.000Z');
      expect(iso(endOfDayInZone('2015-02-21', 'America/Sao_Paulo'))).toBe('2015-02-22T02:59:59.999Z');
    });

    it('gives a skipped day no length (Samoa went from 2011-12-29 to 2011-12-31)', () => {
      expect(iso(startOfDayInZone('2011-12-30', 'Pacific/Apia'))).toBe('2011-12-30T10:00:00.000Z');
      expect(iso(startOfDayInZone('2011-12-31', 'Pacific/Apia'))).toBe('2011-12-30T10:00:00.000Z');
      expect(iso(endOfDayInZone('2011-12-29', 'Pacific/Apia'))).toBe('2011-12-30T09:59:59.999Z');
    });
  });

  describe('time left', () => {
    it('counts fractional 24-hour days between instants, negative once passed', () => {
      expect(daysUntil('2014-10-30T04:00:00Z', '2014-10-31T16:00:00Z')).toBe(1.5);
      expect(daysUntil(new Date('2014-10-31T16:00:00Z'), '2014-10-31T16:00:00Z')).toBe(0);
      expect(daysUntil('2014-11-01T04:00:00Z', '2014-10-31T16:00:00Z')).toBe(-0.5);
    });

    it('measures the share of the local day still ahead against the real day length', () => {
      expect(dayShareLeft('2014-10-31T04:00:00Z', 'Asia/Singapore')).toBe(0.5);
      expect(dayShareLeft('2014-10-30T16:00:00Z', 'Asia/Singapore')).toBe(1);
      // 12:00 local on the 25-hour day: 13 hours have passed (one of them twice), 12 of 25 remain.
      expect(dayShareLeft('2014-10-26T11:00:00Z', 'Europe/Berlin')).toBeCloseTo(12 / 25, 12);
    });

    it('treats a deadline at local midnight as met only by the day before', () => {
      expect(lastDayOnTime('2014-10-31T16:00:00Z', 'Asia/Shanghai')).toBe('2014-10-31');
      expect(lastDayOnTime('2014-10-31T16:00:00.001Z', 'Asia/Shanghai')).toBe('2014-11-01');
      expect(lastDayOnTime('2014-10-31T23:59:59Z', 'UTC')).toBe('2014-10-31');
    });
  });
});
