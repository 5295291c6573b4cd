import type { MarketProgressView, ProgramProgressView } from '@app/projections';
import { ProgramFeed, type FeedEvent } from './program-feed';

const market = (code: string, fields: Partial<MarketProgressView> = {}) =>
  ({
    market: code,
    status: 'on_track',
    stale: false,
    verifiedUsers: 0,
    position: 1,
    ...fields,
  }) as MarketProgressView;

const program = (
  markets: MarketProgressView[],
  fields: Partial<ProgramProgressView> = {},
): ProgramProgressView =>
  ({
    programId: 'intl-2014',
    asOf: '2014-06-01T00:00:00.000Z',
    totals: { markets: markets.length },
    markets,
    position: Math.max(...markets.map((m) => m.position)),
    ...fields,
  }) as ProgramProgressView;

const parsed = (event: FeedEvent) => ({ type: event.type, id: event.id, data: JSON.parse(event.data) });

describe('a program feed', () => {
  let view: ProgramProgressView;
  let computed: number;
  const compute = () => {
    computed += 1;
    return view;
  };

  beforeEach(() => {
    view = program([market('HK'), market('IN')]);
    computed = 0;
  });

  function joined(feed: ProgramFeed): FeedEvent[] {
    const events: FeedEvent[] = [];
    feed.join((event) => events.push(event));
    return events;
  }

  describe('sending changes', () => {
    it('opens with the whole view, then sends the program fields and the changed markets only', () => {
      const feed = new ProgramFeed(compute, 'changes');
      const events = joined(feed);
      expect(events.map(parsed)).toEqual([
        { type: 'progress', id: '1', data: { ...view, changedMarkets: [] } },
      ]);

      view = program([market('HK'), market('IN', { verifiedUsers: 250, position: 7 })], { name: 'Intl' });
      feed.stepped(['IN']);
      feed.update(true);
      const { markets, ...fields } = view;
      expect(parsed(events[1])).toEqual({
        type: 'progress-changes',
        id: '7',
        data: { ...fields, markets: [markets[1]], changedMarkets: ['IN'] },
      });
    });

    it('computes and writes one event for all streams of the program', () => {
      const feed = new ProgramFeed(compute, 'changes');
      const [first, second] = [joined(feed), joined(feed)];
      expect(second[0]).toBe(first[0]);
      computed = 0;
      view = program([market('HK', { verifiedUsers: 10, position: 3 }), market('IN')]);
      feed.stepped(['HK']);
      feed.update(true);
      expect(computed).toBe(1);
      expect(second[1]).toBe(first[1]);
    });

    it('sends a market that time alone changed, and nothing when only the time of the view moved', () => {
      const feed = new ProgramFeed(compute, 'changes');
      const events = joined(feed);
      // The projected finish and the required rate follow the clock: alone, they are not worth an event.
      view = program(
        [
          market('HK', { projectedFinish: '2014-09-01T00:00:00.000Z', requiredRatePerDay: 12.5 }),
          market('IN'),
        ],
        {
          asOf: '2014-06-01T00:00:05.000Z',
        },
      );
      feed.update(false);
      expect(events).toHaveLength(1);
      view = program([market('HK'), market('IN', { daysLeft: 99.99 })]);
      feed.update(false);
      expect(parsed(events[1]).data.markets).toEqual([view.markets[1]]);

      view = program([market('HK', { stale: true, status: 'off_track' }), market('IN', { daysLeft: 99.99 })]);
      feed.update(false);
      expect(events.map((e) => e.type)).toEqual(['progress', 'progress-changes', 'progress-changes']);
      expect(parsed(events[2]).data).toMatchObject({
        markets: [{ market: 'HK', stale: true, status: 'off_track' }],
        changedMarkets: [],
      });
    });

    it('sends a market enrolled since as a changed one', () => {
      const feed = new ProgramFeed(compute, 'changes');
      const events = joined(feed);
      view = program([market('HK'), market('ID', { position: 9 }), market('IN')]);
      feed.stepped(['ID']);
      feed.update(true);
      expect(parsed(events[1]).data.markets.map((m: MarketProgressView) => m.market)).toEqual(['ID']);
      expect(parsed(events[1]).data.totals).toEqual({ markets: 3 });
    });

    it('names the stepped markets though the view already showed them to a stream that joined meanwhile', () => {
      const feed = new ProgramFeed(compute, 'changes');
      const early = joined(feed);
      view = program([market('HK'), market('IN', { verifiedUsers: 5, position: 4 })]);
      feed.stepped(['IN']);
      const late = joined(feed);
      // The early stream was brought up to date before the late one got the same whole view.
      expect(parsed(early[1]).data.markets).toEqual([view.markets[1]]);
      expect(parsed(late[0]).data).toEqual({ ...view, changedMarkets: [] });
      feed.update(true);
      expect(parsed(late[1]).data).toMatchObject({ markets: [], changedMarkets: ['IN'] });
      expect(late[1]).toBe(early[2]);
    });

    it('sends nothing to a stream that left', () => {
      const feed = new ProgramFeed(compute, 'changes');
      const events: FeedEvent[] = [];
      const leave = feed.join((event) => events.push(event));
      leave();
      expect(feed.size).toBe(0);
      view = program([market('HK', { verifiedUsers: 1, position: 2 }), market('IN')]);
      feed.stepped(['HK']);
      feed.update(true);
      expect(events).toHaveLength(1);
    });
  });

  describe('sending whole views (SSE_FULL_VIEWS=1)', () => {
    it('sends every update as the whole view with the stepped markets', () => {
      const feed = new ProgramFeed(compute, 'full');
      const events = joined(feed);
      view = program([market('HK'), market('IN', { verifiedUsers: 250, position: 7 })]);
      feed.stepped(['IN']);
      feed.update(true);
      expect(parsed(events[1])).toEqual({
        type: 'progress',
        id: '7',
        data: { ...view, changedMarkets: ['IN'] },
      });
    });
  });
});
