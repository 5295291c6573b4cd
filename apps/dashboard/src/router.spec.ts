import { marketHref, parseRoute, programHref, routeHref } from './router';

describe('deep links', () => {
  it('reads programs and markets from the hash', () => {
    expect(parseRoute('')).toEqual({ view: 'home' });
    expect(parseRoute('#/programs/intl-2014')).toEqual({
      view: 'program',
      programId: 'intl-2014',
      asOf: null,
    });
    expect(parseRoute('#/programs/intl-2014/markets/HK')).toEqual({
      view: 'market',
      programId: 'intl-2014',
      market: 'HK',
      asOf: null,
    });
    expect(parseRoute('#/elsewhere')).toEqual({ view: 'home' });
    expect(parseRoute('#/subscriptions')).toEqual({ view: 'subscriptions' });
    expect(routeHref({ view: 'subscriptions' })).toBe('#/subscriptions');
  });

  it('keeps a past instant of a program in the hash, as query-like params', () => {
    const asOf = { asOf: '2014-06-01T15:59:59.999Z', basis: 'occurred' as const };
    const href = programHref('intl-2014', asOf);
    expect(href).toBe('#/programs/intl-2014?asOf=2014-06-01T15%3A59%3A59.999Z&basis=occurred');
    expect(parseRoute(href)).toEqual({ view: 'program', programId: 'intl-2014', asOf });
    expect(parseRoute('#/programs/intl-2014?asOf=2014-06-01T00:00:00%2B08:00')).toEqual({
      view: 'program',
      programId: 'intl-2014',
      asOf: { asOf: '2014-06-01T00:00:00+08:00', basis: 'recorded' },
    });
    expect(parseRoute('#/programs/intl-2014?asOf=nonsense')).toMatchObject({ asOf: null });
  });

  it('keeps a past instant of a market the same way, so the view carries between the two pages', () => {
    const asOf = { asOf: '2014-06-01T15:59:59.999Z', basis: 'recorded' as const };
    const href = marketHref('intl-2014', 'IN', asOf);
    expect(href).toBe('#/programs/intl-2014/markets/IN?asOf=2014-06-01T15%3A59%3A59.999Z&basis=recorded');
    const route = parseRoute(href);
    expect(route).toEqual({ view: 'market', programId: 'intl-2014', market: 'IN', asOf });
    expect(routeHref(route)).toBe(href);
    expect(marketHref('intl-2014', 'IN')).toBe('#/programs/intl-2014/markets/IN');
  });

  it('reads a local day as given, for the page to pin to the end of that day in the program time zone', () => {
    expect(parseRoute('#/programs/intl-2014/markets/IN?asOf=2014-06-01&basis=occurred')).toEqual({
      view: 'market',
      programId: 'intl-2014',
      market: 'IN',
      asOf: { asOf: '2014-06-01', basis: 'occurred' },
    });
  });
});
