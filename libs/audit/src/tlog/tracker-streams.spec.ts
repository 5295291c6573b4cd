import Database from 'better-sqlite3';
import { isTrackerStream, TRACKER_STREAM_REGEX, TRACKER_STREAMS_SQL } from './tracker-streams';

const names = {
  ours: ['program-intl-2014', 'market-intl-2014-IN', 'audit-checkpoints', 'subscription-s1'],
  others: [
    'contract_x',
    'programs',
    'marketing-1',
    'audit-checkpoints-old',
    '$stats',
    'xprogram-1',
    'program_1',
  ],
};

describe('the tracker streams rule', () => {
  it.each(names.ours)('keeps %s', (name) => expect(isTrackerStream(name)).toBe(true));
  it.each(names.others)('skips %s', (name) => expect(isTrackerStream(name)).toBe(false));

  it('says the same as a regex (EventStoreDB filter) and as SQL (embedded file readers)', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE events (stream_id TEXT)');
    const insert = db.prepare('INSERT INTO events VALUES (?)');
    for (const name of [...names.ours, ...names.others]) insert.run(name);
    const bySql = db
      .prepare(`SELECT stream_id FROM events WHERE ${TRACKER_STREAMS_SQL}`)
      .pluck()
      .all() as string[];
    const regex = new RegExp(TRACKER_STREAM_REGEX);

    expect(bySql.sort()).toEqual([...names.ours].sort());
    expect([...names.ours, ...names.others].filter((name) => regex.test(name))).toEqual(names.ours);
  });
});
