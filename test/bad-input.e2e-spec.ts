import { snapshotEventLog } from './support/log-snapshot';
import { expectPost, programBody } from './support/fixtures';
import { TestServer, type RequestOptions } from './support/test-server';

interface BadCase {
  name: string;
  method?: 'POST' | 'GET';
  path: string;
  body?: unknown;
  options?: RequestOptions;
  status: number;
  error: string;
  /** The field named in details.fields, or a word the message must contain. */
  field?: string;
  mentions?: string;
}

const P = '/programs/ref';
const IN = `${P}/markets/IN`;

/** A program with markets in every phase the table needs. */
async function arrange(server: TestServer): Promise<void> {
  await expectPost(server, '/programs', programBody('ref'));
  const enrol = (market: string, usersInScope: number) =>
    expectPost(server, `${P}/markets`, { market, targetRegion: 'singapore', usersInScope });
  await enrol('IN', 1000);
  await expectPost(server, `${IN}/start`);
  await expectPost(server, `${IN}/batches/b1/copied`, { users: 100 });
  await expectPost(server, `${IN}/batches/b2/copied`, { users: 100 });
  await expectPost(server, `${IN}/batches/b2/verified`, {});
  await enrol('HK', 500);
  await expectPost(server, `${P}/markets/HK/start`);
  await expectPost(server, `${P}/markets/HK/pause`, { reason: 'checksum mismatches under investigation' });
  await enrol('SG', 10);
  for (const step of ['start', 'batches/s1/copied', 'batches/s1/verified', 'cutover', 'purge', 'complete']) {
    const body = step.endsWith('copied')
      ? { users: 10 }
      : step === 'purge'
        ? { evidence: 'CHG-1 wipe report' }
        : {};
    await expectPost(server, `${P}/markets/SG/${step}`, body);
  }
  await enrol('MY', 300);
}

const cases: BadCase[] = [
  // Malformed and mistyped bodies
  {
    name: 'malformed JSON',
    path: `${IN}/batches/b3/copied`,
    body: '{"users": 10,',
    status: 400,
    error: 'malformed_json',
  },
  {
    name: 'empty JSON body',
    path: `${IN}/batches/b3/copied`,
    body: '',
    options: { headers: { 'content-type': 'application/json' } },
    status: 400,
    error: 'malformed_json',
  },
  {
    name: 'body that is an array',
    path: `${IN}/batches/b3/copied`,
    body: [{ users: 10 }],
    status: 400,
    error: 'validation_failed',
    field: 'body',
  },
  {
    name: 'body that is a string',
    path: `${IN}/batches/b3/copied`,
    body: '"ten users"',
    status: 400,
    error: 'validation_failed',
    field: 'body',
  },
  {
    name: 'prototype pollution attempt',
    path: `${IN}/batches/b3/copied`,
    body: '{"users": 10, "__proto__": {"admin": true}}',
    status: 400,
    error: 'malformed_json',
  },
  {
    name: 'number sent as a string',
    path: `${IN}/batches/b3/copied`,
    body: { users: '10' },
    status: 400,
    error: 'validation_failed',
    field: 'users',
  },
  {
    name: 'boolean instead of text',
    path: `${IN}/pause`,
    body: { reason: true },
    status: 400,
    error: 'validation_failed',
    field: 'reason',
  },
  {
    name: 'list instead of text',
    path: `${P}/markets`,
    body: { market: ['IN'], targetRegion: 'us-east', usersInScope: 5 },
    status: 400,
    error: 'validation_failed',
    field: 'market',
  },
  {
    name: 'unknown field',
    path: `${IN}/batches/b3/copied`,
    body: { users: 10, priority: 'high' },
    status: 400,
    error: 'validation_failed',
    field: 'priority',
  },
  {
    name: 'unknown field on a body-less step',
    path: `${IN}/cutover`,
    body: { force: true },
    status: 400,
    error: 'validation_failed',
    field: 'force',
  },
  {
    name: 'unknown query parameter',
    method: 'GET',
    path: '/events?from=0',
    status: 400,
    error: 'validation_failed',
    field: 'from',
  },
  // Missing fields
  {
    name: 'missing users',
    path: `${IN}/batches/b3/copied`,
    body: {},
    status: 400,
    error: 'validation_failed',
    field: 'users',
  },
  {
    name: 'missing targetRegion',
    path: `${P}/markets`,
    body: { market: 'PH', usersInScope: 5 },
    status: 400,
    error: 'validation_failed',
    field: 'targetRegion',
  },
  {
    name: 'missing reason on a failure',
    path: `${IN}/batches/b1/failed`,
    body: {},
    status: 400,
    error: 'validation_failed',
    field: 'reason',
  },
  {
    name: 'blank reason on a scope revision',
    path: `${IN}/scope`,
    body: { usersInScope: 900, reason: '   ' },
    status: 400,
    error: 'validation_failed',
    field: 'reason',
  },
  {
    name: 'missing evidence on a purge',
    path: `${IN}/purge`,
    body: {},
    status: 400,
    error: 'validation_failed',
    field: 'evidence',
  },
  {
    name: 'missing deadline on a program',
    path: '/programs',
    body: programBody('other', { deadline: undefined }),
    status: 400,
    error: 'validation_failed',
    field: 'deadline',
  },
  {
    name: 'empty data categories',
    path: '/programs',
    body: programBody('other', { dataCategories: [] }),
    status: 400,
    error: 'validation_failed',
    field: 'dataCategories',
  },
  // Negative and absurd numbers
  {
    name: 'negative users',
    path: `${IN}/batches/b3/copied`,
    body: { users: -5 },
    status: 400,
    error: 'validation_failed',
    field: 'users',
  },
  {
    name: 'zero users',
    path: `${IN}/batches/b3/copied`,
    body: { users: 0 },
    status: 400,
    error: 'validation_failed',
    field: 'users',
  },
  {
    name: 'fractional users',
    path: `${IN}/batches/b3/copied`,
    body: { users: 10.5 },
    status: 400,
    error: 'validation_failed',
    field: 'users',
  },
  {
    name: 'more users than people on Earth',
    path: `${P}/markets`,
    body: { market: 'PH', targetRegion: 'us-east', usersInScope: 1e12 },
    status: 400,
    error: 'validation_failed',
    field: 'usersInScope',
  },
  {
    name: 'number beyond double range',
    path: `${IN}/batches/b3/copied`,
    body: '{"users": 1e400}',
    status: 400,
    error: 'validation_failed',
    field: 'users',
  },
  {
    name: 'negative bytes',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5, bytes: -1 },
    status: 400,
    error: 'validation_failed',
    field: 'bytes',
  },
  // Invalid and impossible dates
  {
    name: 'date that is not a date',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5, occurredAt: 'yesterday' },
    status: 400,
    error: 'validation_failed',
    field: 'occurredAt',
  },
  {
    name: 'impossible calendar date',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5, occurredAt: '2014-02-30T10:00:00Z' },
    status: 400,
    error: 'validation_failed',
    field: 'occurredAt',
  },
  {
    name: 'month 13 deadline',
    path: '/programs',
    body: programBody('other', { deadline: '2014-13-01T00:00:00Z' }),
    status: 400,
    error: 'validation_failed',
    field: 'deadline',
  },
  {
    name: 'date without a zone',
    path: `${P}/deadline`,
    body: { deadline: '2014-11-30T23:59:59', reason: 'extension' },
    status: 400,
    error: 'validation_failed',
    field: 'deadline',
  },
  {
    name: 'hour 25',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5, occurredAt: '2014-06-01T25:00:00Z' },
    status: 400,
    error: 'validation_failed',
    field: 'occurredAt',
  },
  {
    name: 'step in the future',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5, occurredAt: '2999-01-01T00:00:00Z' },
    status: 400,
    error: 'validation_failed',
    field: 'occurredAt',
  },
  {
    name: 'unknown time zone',
    path: '/programs',
    body: programBody('other', { timeZone: 'Mars/Olympus_Mons' }),
    status: 400,
    error: 'validation_failed',
    field: 'timeZone',
  },
  // Bad identifiers in the path
  {
    name: 'market code not two letters',
    path: `${P}/markets/india/start`,
    status: 400,
    error: 'validation_failed',
    field: 'market',
  },
  {
    name: 'program id with capitals',
    path: '/programs/Ref/markets/IN/start',
    status: 400,
    error: 'validation_failed',
    field: 'programId',
  },
  {
    name: 'batch id with a space',
    path: `${IN}/batches/b%203/copied`,
    body: { users: 5 },
    status: 400,
    error: 'validation_failed',
    field: 'batchId',
  },
  // Unknown program or market
  {
    name: 'unknown program',
    path: '/programs/nope/markets/IN/start',
    status: 404,
    error: 'program_not_found',
    mentions: 'nope',
  },
  { name: 'unknown market', path: `${P}/markets/PH/start`, status: 404, error: 'market_not_enrolled' },
  {
    name: 'enrolment in an unknown program',
    path: '/programs/nope/markets',
    body: { market: 'IN', targetRegion: 'us-east', usersInScope: 5 },
    status: 404,
    error: 'program_not_found',
  },
  {
    name: 'history of an unknown market',
    method: 'GET',
    path: `${P}/markets/PH/events`,
    status: 404,
    error: 'market_not_enrolled',
  },
  // Rules of the migration
  {
    name: 'batch verified before it was copied',
    path: `${IN}/batches/b9/verified`,
    body: {},
    status: 409,
    error: 'batch_not_copied',
  },
  {
    name: 'batch verified twice',
    path: `${IN}/batches/b2/verified`,
    body: {},
    status: 409,
    error: 'batch_already_verified',
  },
  {
    name: 'batch copied twice',
    path: `${IN}/batches/b1/copied`,
    body: { users: 100 },
    status: 409,
    error: 'batch_already_copied',
  },
  {
    name: 'users beyond scope',
    path: `${IN}/batches/b3/copied`,
    body: { users: 801 },
    status: 409,
    error: 'scope_exceeded',
  },
  {
    name: 'scope below verified users',
    path: `${IN}/scope`,
    body: { usersInScope: 150, reason: 'recount' },
    status: 409,
    error: 'scope_below_progress',
  },
  {
    name: 'batch on a paused market',
    path: `${P}/markets/HK/batches/h1/copied`,
    body: { users: 5 },
    status: 409,
    error: 'market_paused',
  },
  {
    name: 'batch on a planned market',
    path: `${P}/markets/MY/batches/m1/copied`,
    body: { users: 5 },
    status: 409,
    error: 'migration_not_started',
  },
  {
    name: 'cutover before all verified',
    path: `${IN}/cutover`,
    status: 409,
    error: 'unverified_batches_pending',
  },
  {
    name: 'purge before cutover',
    path: `${IN}/purge`,
    body: { evidence: 'ticket' },
    status: 409,
    error: 'purge_before_cutover',
  },
  { name: 'completion before purge', path: `${IN}/complete`, status: 409, error: 'completion_before_purge' },
  {
    name: 'step on a completed market',
    path: `${P}/markets/SG/start`,
    status: 409,
    error: 'market_completed',
  },
  {
    name: 'batch on a completed market',
    path: `${P}/markets/SG/batches/s2/copied`,
    body: { users: 1 },
    status: 409,
    error: 'market_completed',
  },
  {
    name: 'market enrolled twice',
    path: `${P}/markets`,
    body: { market: 'IN', targetRegion: 'us-east', usersInScope: 5 },
    status: 409,
    error: 'market_already_enrolled',
  },
  {
    name: 'program created twice',
    path: '/programs',
    body: programBody('ref'),
    status: 409,
    error: 'program_already_exists',
  },
  {
    name: 'deadline revised to itself',
    path: `${P}/deadline`,
    body: { deadline: '2014-10-31T15:59:59Z', reason: 'none' },
    status: 409,
    error: 'deadline_unchanged',
  },
  {
    name: 'resume of a market that is not paused',
    path: `${IN}/resume`,
    status: 409,
    error: 'market_not_paused',
  },
  {
    name: 'stale If-Match',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5 },
    options: { headers: { 'if-match': '2' } },
    status: 409,
    error: 'revision_conflict',
  },
  {
    name: 'If-Match that is not a revision',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5 },
    options: { headers: { 'if-match': 'latest' } },
    status: 400,
    error: 'validation_failed',
    field: 'If-Match',
  },
  // Keys and roles
  {
    name: 'no key',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5 },
    options: { key: null },
    status: 401,
    error: 'unauthorized',
  },
  {
    name: 'unknown key',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5 },
    options: { rawKey: 'not-a-key-at-all' },
    status: 401,
    error: 'unauthorized',
  },
  {
    name: 'malformed authorization header',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5 },
    options: { key: null, headers: { authorization: 'Basic abc' } },
    status: 401,
    error: 'unauthorized',
  },
  {
    name: 'viewer key on a write',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5 },
    options: { key: 'viewer' },
    status: 403,
    error: 'forbidden',
    mentions: 'viewer',
  },
  {
    name: 'auditor key on a write',
    path: `${IN}/batches/b3/copied`,
    body: { users: 5 },
    options: { key: 'auditor' },
    status: 403,
    error: 'forbidden',
  },
  {
    name: 'viewer key on the history',
    method: 'GET',
    path: '/events',
    options: { key: 'viewer' },
    status: 403,
    error: 'forbidden',
  },
  // Size and paging limits
  {
    name: 'oversize body',
    path: `${IN}/batches/b1/failed`,
    body: { reason: 'x'.repeat(100 * 1024) },
    status: 413,
    error: 'payload_too_large',
  },
  {
    name: 'page size beyond the limit',
    method: 'GET',
    path: '/events?limit=100000',
    status: 400,
    error: 'validation_failed',
    field: 'limit',
  },
  {
    name: 'page position that is not a number',
    method: 'GET',
    path: '/events?fromPosition=abc',
    status: 400,
    error: 'validation_failed',
    field: 'fromPosition',
  },
];

describe('bad input through HTTP', () => {
  let server: TestServer;
  let before: { rows: number; sha256: string };
  let logBefore: string;

  beforeAll(async () => {
    server = await TestServer.start();
    await arrange(server);
    before = snapshotEventLog(server.dataDir);
    logBefore = (await server.get('/events?limit=1000')).text;
  });

  afterAll(() => server.stop());

  it.each(cases)('$name -> $status $error', async (c) => {
    const answer = await server.request(c.method ?? 'POST', c.path, { body: c.body, ...c.options });
    expect({ status: answer.status, error: answer.body?.error }).toEqual({
      status: c.status,
      error: c.error,
    });
    expect(answer.headers.get('content-type')).toMatch(/application\/json/);
    expect(typeof answer.body.message).toBe('string');
    expect(answer.body.details).toEqual(expect.any(Object));
    if (c.field) {
      const fields = (answer.body.details.fields ?? []).map((f: { field: string }) => f.field);
      expect(fields).toContain(c.field);
      expect(answer.body.message).toContain(c.field);
    }
    if (c.mentions) expect(answer.body.message).toContain(c.mentions);
  });

  it('leaves the global log byte-for-byte unchanged', async () => {
    expect(before.rows).toBe(17);
    expect(snapshotEventLog(server.dataDir)).toEqual(before);
    expect((await server.get('/events?limit=1000')).text).toBe(logBefore);
  });
});
