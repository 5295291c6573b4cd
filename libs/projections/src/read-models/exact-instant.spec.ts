import fc from 'fast-check';
import { exactMs } from './exact-instant';

/** The definition: milliseconds whose toISOString is the text. */
function slow(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isFinite(ms) && new Date(ms).toISOString() === text ? ms : undefined;
}

const two = (n: number) => String(n).padStart(2, '0');

describe('exactMs', () => {
  it('is the milliseconds exactly when toISOString gives the text back', () => {
    for (const text of [
      '2014-10-31T15:59:59.000Z',
      '2016-02-29T00:00:00.000Z',
      '2000-02-29T12:00:00.999Z',
      '0000-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ])
      expect(exactMs(text)).toBe(Date.parse(text));
    for (const text of [
      '2014-02-29T00:00:00.000Z', // no 29 February in 2014: Date.parse rolls it over to 1 March
      '1900-02-29T00:00:00.000Z',
      '2014-04-31T00:00:00.000Z',
      '2014-01-01T24:00:00.000Z', // the end of the day: the next day's midnight
      '2014-00-10T00:00:00.000Z',
      '2014-10-31T15:59:59Z',
      '2014-10-31T15:59:59.000+00:00',
      '2014-10-31t15:59:59.000z',
      '+002014-10-31T15:59:59.000Z',
      'not a date at all, really',
    ])
      expect(exactMs(text)).toBeUndefined();
  });

  it('agrees with the definition on texts that look like instants, valid or not', () => {
    const field = (max: number) => fc.integer({ min: 0, max });
    const text = fc
      .tuple(field(9999), field(13), field(32), field(25), field(60), field(61), field(999))
      .map(
        ([y, mo, d, h, mi, s, ms]) =>
          `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}.${String(ms).padStart(3, '0')}Z`,
      );
    fc.assert(
      fc.property(text, (t) => expect(exactMs(t)).toBe(slow(t))),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(
        fc.date({ min: new Date(-62167219200000), max: new Date(253402300799999), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          expect(exactMs(iso)).toBe(date.getTime());
        },
      ),
    );
  });
});
