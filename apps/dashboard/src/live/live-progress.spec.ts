import type { MarketProgress, ProgressEvent } from '../api/types';
import { LiveProgress } from './live-progress';

const market = (code: string, verifiedUsers = 0) =>
  ({ market: code, verifiedUsers, status: 'on_track', stale: false }) as MarketProgress;

const event = (markets: MarketProgress[], fields: Partial<ProgressEvent> = {}) =>
  ({
    programId: 'intl-2014',
    asOf: '2014-06-01T00:00:00.000Z',
    position: 10,
    totals: { markets: markets.length, verifiedUsers: markets.reduce((sum, m) => sum + m.verifiedUsers, 0) },
    markets,
    changedMarkets: [],
    ...fields,
  }) as unknown as ProgressEvent;

describe('the live progress of a program', () => {
  it('starts from the whole view, then replaces the program fields and the changed markets only', () => {
    const live = new LiveProgress();
    const whole = event([market('HK', 5), market('IN', 7)]);
    expect(live.apply('progress', whole, true)).toEqual({ ...whole, marketsSent: ['HK', 'IN'] });

    const changes = event([market('IN', 20)], { position: 12, changedMarkets: ['IN'] });
    changes.totals.verifiedUsers = 25;
    expect(live.apply('progress-changes', changes, false)).toEqual({
      ...changes,
      markets: [market('HK', 5), market('IN', 20)],
      marketsSent: ['IN'],
    });
  });

  it('adds a market it did not know (a new enrolment) in market-code order', () => {
    const live = new LiveProgress();
    live.apply('progress', event([market('HK'), market('MY')]), true);
    const shown = live.apply('progress-changes', event([market('ID', 3)], { changedMarkets: ['ID'] }), false);
    expect(shown?.markets.map((m) => [m.market, m.verifiedUsers])).toEqual([
      ['HK', 0],
      ['ID', 3],
      ['MY', 0],
    ]);
  });

  it('starts again from the whole view a reconnection opens with', () => {
    const live = new LiveProgress();
    live.apply('progress', event([market('HK', 1), market('IN', 1)]), true);
    live.apply('progress-changes', event([market('IN', 2)]), false);
    const again = event([market('IN', 9)], { position: 30 });
    expect(live.apply('progress', again, true)).toEqual({ ...again, marketsSent: ['IN'] });
    const shown = live.apply('progress-changes', event([market('SG', 4)]), false);
    expect(shown?.markets.map((m) => m.market)).toEqual(['IN', 'SG']);
  });

  it('ignores changes that do not follow a whole view of the same connection', () => {
    const live = new LiveProgress();
    expect(live.apply('progress-changes', event([market('IN', 2)]), false)).toBeUndefined();
    live.apply('progress', event([market('HK', 1)]), true);
    expect(live.apply('progress-changes', event([market('IN', 2)]), true)).toBeUndefined();
    expect(live.apply('progress-changes', event([market('IN', 3)]), false)).toBeUndefined();
  });

  it('hands on nothing for other events', () => {
    const live = new LiveProgress();
    live.apply('progress', event([market('HK', 1)]), true);
    expect(live.apply('heartbeat', { at: '2014-06-01T00:00:15.000Z' }, false)).toBeUndefined();
  });
});
