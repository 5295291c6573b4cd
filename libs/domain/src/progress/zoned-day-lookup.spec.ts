import { dayInZone } from './calendar';
import { sfc32 } from './seeded-random';
import { createZonedDayLookup } from './zoned-day-lookup';

const ZONES = [
  'Asia/Singapore',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Europe/Berlin',
  'America/Sao_Paulo',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'UTC',
];

describe('zoned day lookup', () => {
  it('gives the same local day as dayInZone for instants across years, zones and DST changes', () => {
    const lookup = createZonedDayLookup();
    const random = sfc32(2014);
    const from = Date.parse('2010-01-01T00:00:00Z');
    const span = Date.parse('2026-01-01T00:00:00Z') - from;
    for (let i = 0; i < 20_000; i++) {
      const instant = new Date(from + Math.floor(random() * span)).toISOString();
      const zone = ZONES[i % ZONES.length];
      expect(lookup(instant, zone)).toBe(dayInZone(instant, zone));
    }
  });

  it('is right on both sides of a DST change and of local midnight', () => {
    const lookup = createZonedDayLookup();
    for (const instant of [
      '2014-03-29T22:59:59.999Z',
      '2014-03-29T23:00:00.000Z',
      '2014-10-25T21:59:59.999Z',
      '2014-10-25T22:00:00.000Z',
    ]) {
      expect(lookup(instant, 'Europe/Berlin')).toBe(dayInZone(instant, 'Europe/Berlin'));
    }
    expect(lookup('2014-10-31T15:59:59.999Z', 'Asia/Singapore')).toBe('2014-10-31');
    expect(lookup('2014-10-31T16:00:00.000Z', 'Asia/Singapore')).toBe('2014-11-01');
  });

  it('refuses what is not an instant', () => {
    expect(() => createZonedDayLookup()('yesterday', 'UTC')).toThrow(RangeError);
  });
});

const HISTORIC_ZONES = [
  'UTC',
  'Asia/Singapore', // +08:00 since 1982, local mean time +06:55:25 before 1905
  'Asia/Kathmandu', // +05:45
  'America/St_Johns', // -03:30 with DST
  'America/Sao_Paulo', // DST used to end at midnight: the local day went back
  'Europe/London',
  'Australia/Lord_Howe', // a half-hour DST shift
  'Pacific/Apia', // skipped 2011-12-30
  'Pacific/Chatham', // +12:45 / +13:45
  'Asia/Tehran', // +03:30, DST ended at local midnight: half past a UTC hour
];

describe('zoned day lookup, across history and offset changes', () => {
  it("gives dayInZone's day for instants across a century and a half", () => {
    const lookup = createZonedDayLookup();
    const next = sfc32(7);
    const from = Date.UTC(1890, 0, 1);
    const to = Date.UTC(2040, 0, 1);
    for (let i = 0; i < 1500; i++) {
      const instant = new Date(from + Math.floor(next() * (to - from))).toISOString();
      for (const zone of HISTORIC_ZONES)
        expect([zone, instant, lookup(instant, zone)]).toEqual([zone, instant, dayInZone(instant, zone)]);
    }
  });

  it('gives the same day as dayInZone minute by minute around offset changes', () => {
    const lookup = createZonedDayLookup();
    const around = [
      ['Asia/Tehran', '2014-09-21T18:00:00Z'], // 24:00 -> 23:00 at 19:30 UTC: the day goes back mid-hour
      ['America/Sao_Paulo', '2014-02-15T22:00:00-02:00'], // 00:00 -> 23:00 the day before
      ['America/Sao_Paulo', '2013-10-19T22:00:00-03:00'], // 00:00 -> 01:00
      ['Europe/London', '2014-03-30T00:00:00Z'],
      ['Australia/Lord_Howe', '2014-04-05T23:00:00+11:00'],
      ['Pacific/Apia', '2011-12-29T22:00:00-10:00'],
      ['Asia/Singapore', '1905-05-31T16:00:00Z'], // local mean time -> +07:00, off the quarter hour
    ] as const;
    for (const [zone, start] of around) {
      const first = Date.parse(start);
      for (let minute = 0; minute < 6 * 60; minute += 1) {
        for (const second of [0, 25, 59]) {
          const instant = new Date(first + minute * 60_000 + second * 1000).toISOString();
          expect([zone, instant, lookup(instant, zone)]).toEqual([zone, instant, dayInZone(instant, zone)]);
        }
      }
    }
  });

  it('reads instants written with an offset, and refuses what is not one', () => {
    const lookup = createZonedDayLookup();
    expect(lookup('2014-10-31T23:59:59+08:00', 'Asia/Singapore')).toBe('2014-10-31');
    expect(lookup('2014-10-31T16:00:00Z', 'Asia/Singapore')).toBe('2014-11-01');
    expect(() => lookup('yesterday', 'Asia/Singapore')).toThrow(RangeError);
  });
});
