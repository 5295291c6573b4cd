import { dayInZone } from './calendar';
import { seededRandom } from './seeded-random';
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
    const random = seededRandom(2014);
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
