import type { ProgramProgressView, ProjectionRunner } from '@app/projections';
import type { AppConfig } from '../../config/app.config';
import type { FeedEvent } from './program-feed';
import { COALESCE_MS, ProgramFeeds, RECHECK_MS } from './program-feeds';
import type { SharedProgramProgress } from './shared-program-progress';

type ChangeListener = Parameters<ProjectionRunner['onChange']>[0];

describe('the feeds of the programs with open streams', () => {
  let verified: number;
  let stale: boolean;
  let listeners: Set<ChangeListener>;
  let computed: string[];
  let feeds: ProgramFeeds;

  const view = (programId: string) =>
    ({
      programId,
      asOf: '2014-06-01T00:00:00.000Z',
      markets: [{ market: 'IN', verifiedUsers: verified, stale, position: verified }],
      position: verified,
    }) as unknown as ProgramProgressView;

  beforeEach(() => {
    jest.useFakeTimers();
    verified = 1;
    stale = false;
    listeners = new Set();
    computed = [];
    const shared = {
      get: (programId: string) => {
        computed.push(programId);
        return view(programId);
      },
    } as unknown as SharedProgramProgress;
    const runner = {
      onChange: (listener: ChangeListener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    } as unknown as ProjectionRunner;
    feeds = new ProgramFeeds(shared, runner, { http: { sseFullViews: false } } as AppConfig);
  });

  afterEach(() => jest.useRealTimers());

  const changed = (programId: string, market: string) => {
    for (const listener of listeners) listener({ position: 9n, changes: [{ programId, market }] });
  };

  it('sends the steps of a burst as one update, and nothing for another program', () => {
    const events: FeedEvent[] = [];
    feeds.join('intl-2014', (event) => events.push(event));
    feeds.join('intl-2014', () => undefined);
    expect(listeners.size).toBe(1);

    changed('other-2015', 'IN');
    jest.advanceTimersByTime(COALESCE_MS);
    expect(events).toHaveLength(1);
    verified = 2;
    changed('intl-2014', 'IN');
    verified = 3;
    changed('intl-2014', 'IN');
    jest.advanceTimersByTime(COALESCE_MS - 1);
    expect(events).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(events.map((e) => [e.type, e.id])).toEqual([
      ['progress', '1'],
      ['progress-changes', '3'],
    ]);
    expect(computed).not.toContain('other-2015');
  });

  it('re-checks the view as time passes, while streams are open', () => {
    const events: FeedEvent[] = [];
    feeds.join('intl-2014', (event) => events.push(event));
    stale = true;
    jest.advanceTimersByTime(RECHECK_MS);
    expect(events.map((e) => e.type)).toEqual(['progress', 'progress-changes']);
    expect(JSON.parse(events[1].data)).toMatchObject({ markets: [{ stale: true }], changedMarkets: [] });
  });

  it('closes a program feed with its last stream: no listener, no timer left', () => {
    const leaveFirst = feeds.join('intl-2014', () => undefined);
    const leaveSecond = feeds.join('intl-2014', () => undefined);
    leaveFirst();
    expect(listeners.size).toBe(1);
    leaveSecond();
    expect(listeners.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    computed = [];
    jest.advanceTimersByTime(RECHECK_MS * 2);
    expect(computed).toEqual([]);
  });
});
