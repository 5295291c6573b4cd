import { EARLIEST_INSTANT, LATEST_INSTANT } from '@app/domain';
import { expectPost, programBody } from './support/fixtures';
import { snapshotEventLog } from './support/log-snapshot';
import { TestServer } from './support/test-server';

const MAX_USERS = 10_000_000_000;
// Year 10000 in UTC, although its local year is 9999.
const BEYOND_LATEST = '9999-12-31T23:59:59-12:00';
const BEFORE_EARLIEST = '1969-12-31T23:59:59+00:00';
const AFTER_LATEST = '2200-01-01T00:00:00Z';
// The last second of the range, spelt in a zone twelve hours behind UTC.
const LATEST_WEST = '2199-12-31T11:59:59-12:00';
// Every kind of text: accents, scripts written right to left, combining marks, emoji, astral planes.
const UNICODE = 'Ünïcödé 中文 עברית عربى e\u0301 👩‍💻 𝔘 ';
const long = (length: number) =>
  UNICODE.repeat(Math.ceil(length / UNICODE.length))
    .slice(0, length)
    .trim() + '.';

const expectErrorShape = (answer: { status: number; body: any }, status: number) => {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({
    error: expect.any(String),
    message: expect.any(String),
    details: expect.any(Object),
  });
};

describe('instants and counts at the edges of their documented range', () => {
  let server: TestServer;

  beforeAll(async () => {
    // Every read route is called after every write: far more as-of replays than the per-minute quota allows.
    server = await TestServer.start({ env: { COSTLY_REQUESTS_PER_MINUTE: '1000000' } });
  });

  afterAll(() => server.stop());

  describe('an instant beyond the range', () => {
    const P = '/programs/edge';

    beforeAll(async () => {
      await expectPost(server, '/programs', programBody('edge'));
      await expectPost(server, `${P}/markets`, { market: 'IN', targetRegion: 'us-east', usersInScope: 10 });
    });

    it.each([
      [`${P}/markets/IN/progress?asOf=${encodeURIComponent(BEYOND_LATEST)}`],
      [`${P}/markets/IN/progress?asOf=${encodeURIComponent(BEYOND_LATEST)}&basis=occurred`],
      [`${P}/progress?asOf=${encodeURIComponent(BEYOND_LATEST)}`],
      [`${P}/progress?asOf=${encodeURIComponent(BEFORE_EARLIEST)}`],
      [`${P}/progress?asOf=${encodeURIComponent(AFTER_LATEST)}&basis=occurred`],
      [`${P}/diff?from=${encodeURIComponent(BEFORE_EARLIEST)}&to=${encodeURIComponent(BEYOND_LATEST)}`],
      [`/events?recordedTo=${encodeURIComponent(BEYOND_LATEST)}`],
    ])('is refused as invalid input on a read: %s', async (path) => {
      const answer = await server.get(path);
      expectErrorShape(answer, 400);
      expect(answer.body.message).toContain(LATEST_INSTANT);
    });

    it.each([
      ['a deadline revision', `${P}/deadline`, { deadline: BEYOND_LATEST, reason: 'extension' }],
      ['a new program', '/programs', programBody('edge-2', { deadline: BEYOND_LATEST })],
      [
        'a new program due just past the range',
        '/programs',
        programBody('edge-3', { deadline: AFTER_LATEST }),
      ],
      [
        'a planned start',
        `${P}/markets`,
        { market: 'SG', targetRegion: 'singapore', usersInScope: 1, plannedStart: BEFORE_EARLIEST },
      ],
      ['an occurredAt', `${P}/markets/IN/start`, { occurredAt: BEFORE_EARLIEST }],
    ])('is refused in %s, which writes nothing, and every read still answers', async (_, path, body) => {
      const before = snapshotEventLog(server.dataDir);
      const answer = await server.post(path, body);
      expectErrorShape(answer, 400);
      expect(snapshotEventLog(server.dataDir)).toEqual(before);
      expect((await server.get(`${P}/markets/IN/progress`)).status).toBe(200);
      expect((await server.get(`${P}/progress`)).status).toBe(200);
    });
  });

  describe('after every kind of accepted write with extreme but valid values', () => {
    const P = '/programs/extremes';
    let position = 0;

    const reads = (markets: string[]) => [
      '/programs',
      `${P}/progress`,
      `${P}/progress?asOf=${encodeURIComponent(LATEST_INSTANT)}&basis=recorded`,
      `${P}/progress?asOf=${encodeURIComponent(LATEST_WEST)}&basis=occurred`,
      `${P}/progress?asOf=${encodeURIComponent(EARLIEST_INSTANT)}&basis=occurred`,
      `${P}/timeline`,
      `${P}/events`,
      `${P}/diff?from=${encodeURIComponent(EARLIEST_INSTANT)}&to=${encodeURIComponent(LATEST_INSTANT)}`,
      `${P}/diff?from=${encodeURIComponent(EARLIEST_INSTANT)}&to=${encodeURIComponent(LATEST_WEST)}&basis=occurred`,
      '/events?limit=1000',
      '/audit/verify',
      ...markets.flatMap((market) => [
        `${P}/markets/${market}/progress`,
        `${P}/markets/${market}/progress?asOf=${encodeURIComponent(LATEST_INSTANT)}&basis=recorded`,
        `${P}/markets/${market}/progress?asOf=${encodeURIComponent(LATEST_INSTANT)}&basis=occurred`,
        `${P}/markets/${market}/progress?asOf=${encodeURIComponent(LATEST_WEST)}`,
        `${P}/markets/${market}/series`,
        `${P}/markets/${market}/events`,
        `${P}/timeline?market=${market}`,
      ]),
    ];

    /** Writes, then reads every route (once the read models hold the write): none may fail. */
    const writeThenReadAll = async (path: string, body: unknown, markets: string[]) => {
      const written = await server.post(path, body);
      expect({ path, status: written.status, body: written.body }).toMatchObject({ status: 201 });
      position = written.body.position;
      const failures: string[] = [];
      for (const read of reads(markets)) {
        // The read models answer once they hold the write; the history and audit routes read the log itself.
        const fromReadModels = !/\/(events|diff|audit)\b/.test(read);
        const separator = read.includes('?') ? '&' : '?';
        const answer = await server.get(fromReadModels ? `${read}${separator}minPosition=${position}` : read);
        if (answer.status >= 300 && !(read.startsWith('/audit/verify') && answer.status === 409))
          failures.push(`${read} -> ${answer.status} ${answer.text.slice(0, 300)}`);
      }
      expect(failures).toEqual([]);
    };

    const M = `${P}/markets`;
    const steps: [string, string, unknown, string[]][] = [
      [
        'a program due at the latest instant, in the zone furthest ahead',
        '/programs',
        programBody('extremes', {
          name: long(200),
          deadline: LATEST_INSTANT,
          timeZone: 'Pacific/Kiritimati',
          occurredAt: EARLIEST_INSTANT,
        }),
        [],
      ],
      [
        'a deadline revised to the earliest instant',
        `${P}/deadline`,
        { deadline: EARLIEST_INSTANT, reason: long(1000) },
        [],
      ],
      [
        'a deadline revised to the latest instant',
        `${P}/deadline`,
        { deadline: LATEST_WEST, reason: long(1000) },
        [],
      ],
      [
        'a market of the most users, planned at the earliest instant',
        `${M}`,
        {
          market: 'IN',
          targetRegion: 'us-east',
          usersInScope: MAX_USERS,
          bytesInScope: Number.MAX_SAFE_INTEGER,
          plannedStart: EARLIEST_INSTANT,
          occurredAt: EARLIEST_INSTANT,
        },
        ['IN'],
      ],
      [
        'a market of one user, planned at the latest instant',
        `${M}`,
        {
          market: 'SG',
          targetRegion: 'singapore',
          usersInScope: 1,
          bytesInScope: 0,
          plannedStart: LATEST_INSTANT,
        },
        ['IN', 'SG'],
      ],
      [
        'a scope revision',
        `${M}/IN/scope`,
        { usersInScope: MAX_USERS - 1, reason: long(1000) },
        ['IN', 'SG'],
      ],
      ['a start at the earliest instant', `${M}/IN/start`, { occurredAt: EARLIEST_INSTANT }, ['IN', 'SG']],
      ['a start', `${M}/SG/start`, {}, ['IN', 'SG']],
      [
        'the largest batch copied',
        `${M}/IN/batches/b-1/copied`,
        { users: MAX_USERS - 2, bytes: Number.MAX_SAFE_INTEGER, occurredAt: EARLIEST_INSTANT },
        ['IN', 'SG'],
      ],
      ['a batch verified', `${M}/IN/batches/b-1/verified`, { checksum: '~'.repeat(200) }, ['IN', 'SG']],
      ['a one-user batch copied', `${M}/IN/batches/b-2/copied`, { users: 1, bytes: 0 }, ['IN', 'SG']],
      ['a batch failed', `${M}/IN/batches/b-2/failed`, { reason: long(1000) }, ['IN', 'SG']],
      ['a pause', `${M}/IN/pause`, { reason: long(1000) }, ['IN', 'SG']],
      ['a resume', `${M}/IN/resume`, {}, ['IN', 'SG']],
      ['a retried copy', `${M}/IN/batches/b-2/copied`, { users: 1 }, ['IN', 'SG']],
      ['a retried batch verified', `${M}/IN/batches/b-2/verified`, {}, ['IN', 'SG']],
      ['the one user copied', `${M}/SG/batches/${'x'.repeat(128)}/copied`, { users: 1 }, ['IN', 'SG']],
      ['the one user verified', `${M}/SG/batches/${'x'.repeat(128)}/verified`, {}, ['IN', 'SG']],
      ['a cutover', `${M}/SG/cutover`, {}, ['IN', 'SG']],
      ['a purge', `${M}/SG/purge`, { evidence: long(2000) }, ['IN', 'SG']],
      ['a completion', `${M}/SG/complete`, {}, ['IN', 'SG']],
    ];

    it.each(steps)('every read answers after %s', async (_, path, body, markets) => {
      await writeThenReadAll(path, body, markets);
    });
  });
});
