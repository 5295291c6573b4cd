import { eventually } from './support/eventually';
import { metric } from './support/metric-value';
import { expectPost, programBody } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { TestServer } from './support/test-server';

/**
 * As-of progress and diffs are answered from the as-of index (a read model) instead of a replay of the
 * history: over HTTP, on both bases, with a late entry, and the same answers after the index is rebuilt.
 * Answer caching is off so that every question computes (AS_OF_CACHE_ENTRIES=0).
 */

const P = '/programs/idx-2014';
const ENV = { AS_OF_CACHE_ENTRIES: '0', COSTLY_REQUESTS_PER_MINUTE: '10000' };

describe('as-of answers from the as-of index', () => {
  let server: TestServer;
  const clock = new TestClock('2014-03-01T00:00:00Z');
  const at = (iso: string) => encodeURIComponent(iso);
  const step = async (recordedAt: string, path: string, body: Record<string, unknown> = {}) => {
    clock.set(recordedAt);
    await expectPost(server, `${P}${path}`, body);
  };
  const outcomes = async () => {
    const text = (await server.get('/metrics', { key: null })).text;
    return Object.fromEntries(
      ['index', 'irregular', 'behind', 'unavailable'].map((outcome) => [
        outcome,
        metric(text, `tracker_as_of_index_total{outcome="${outcome}"}`),
      ]),
    );
  };
  const QUESTIONS = [
    ...['2014-03-02T10:30:00Z', '2014-03-03T09:00:00Z', '2014-03-04T12:00:00Z'].flatMap((instant) =>
      ['recorded', 'occurred'].flatMap((basis) => [
        `${P}/progress?asOf=${at(instant)}&basis=${basis}`,
        `${P}/markets/IN/progress?asOf=${at(instant)}&basis=${basis}`,
      ]),
    ),
    `${P}/diff?from=${at('2014-03-02T10:30:00Z')}&to=${at('2014-03-04T12:00:00Z')}&basis=occurred`,
    `${P}/diff?from=${at('2014-03-02T10:30:00Z')}&to=${at('2014-03-04T12:00:00Z')}&basis=recorded`,
  ];
  const ask = async () => {
    const answers: unknown[] = [];
    for (const path of QUESTIONS) {
      const answer = await server.get(path);
      expect(answer.status).toBe(200);
      answers.push(answer.body);
    }
    return answers;
  };

  beforeAll(async () => {
    server = await TestServer.start({ clock: clock.now, env: ENV });
    await expectPost(server, '/programs', programBody('idx-2014'));
    await step('2014-03-01T01:00:00Z', '/markets', {
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 100,
    });
    await step('2014-03-01T02:00:00Z', '/markets', {
      market: 'HK',
      targetRegion: 'singapore',
      usersInScope: 50,
    });
    await step('2014-03-02T09:00:00Z', '/markets/IN/start');
    await step('2014-03-02T10:00:00Z', '/markets/IN/batches/b1/copied', { users: 30 });
    await step('2014-03-02T11:00:00Z', '/markets/IN/batches/b1/verified');
    await step('2014-03-03T08:00:00Z', '/markets/IN/batches/b2/copied', { users: 20 });
    await step('2014-03-03T08:30:00Z', '/markets/IN/batches/b2/failed', { reason: 'checksum' });
    // Logged on the 4th, happened on the 2nd: known at 10:30 on the 3rd only as "happened by".
    await step('2014-03-04T09:00:00Z', '/markets/IN/batches/b3/copied', {
      users: 10,
      occurredAt: '2014-03-02T10:15:00Z',
    });
    await step('2014-03-04T10:00:00Z', '/markets/IN/batches/b2/copied', { users: 20 });
    await step('2014-03-04T11:00:00Z', '/markets/IN/pause', { reason: 'capacity' });
  }, 60_000);

  afterAll(() => server.stop());

  it('answers every question from the index, a late entry known as happened before it was logged', async () => {
    const before = await outcomes();
    const answers = (await ask()) as any[];
    const after = await outcomes();
    // Each progress question is one computation; a diff is three (both ends and the events between).
    expect(after.index - before.index).toBe(12 + 2 * 3);
    expect([after.irregular, after.behind, after.unavailable]).toEqual([
      before.irregular,
      before.behind,
      before.unavailable,
    ]);
    // IN on the 3rd at 09:00 (copied and not verified or failed since): b3 only as happened by then.
    const [recorded, occurred] = [answers[5], answers[7]].map((view) => view.copiedUsers);
    expect([recorded, occurred]).toEqual([0, 10]);
    const occurredDiff = answers[12];
    expect(occurredDiff.markets.find((m: any) => m.market === 'IN').events.map((e: any) => e.type)).toEqual([
      'BatchVerified',
      'BatchCopied',
      'BatchFailed',
      'BatchCopied',
      'MigrationPaused',
    ]);
  });

  it('gives the same answers from the index after the index is rebuilt', async () => {
    const before = await ask();
    const projections = async () =>
      (await server.get('/admin/projections', { key: 'operator' })).body.projections as any[];
    const generation = (await projections()).find((p) => p.name === 'as-of-index').generation;
    const started = await server.post('/admin/projections/as-of-index/rebuild', undefined, {
      key: 'operator',
    });
    expect(started.status).toBe(202);
    await eventually(projections, (list) => {
      const index = list.find((p) => p.name === 'as-of-index');
      return index.generation === generation + 1 && index.status === 'live';
    });
    const counted = (await outcomes()).index;
    expect(await ask()).toEqual(before);
    expect((await outcomes()).index - counted).toBe(12 + 2 * 3);
  });
});
