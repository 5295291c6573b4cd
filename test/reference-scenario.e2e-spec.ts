import { verifyStreamChain } from '@app/audit';
import { expectPost, programBody } from './support/fixtures';
import { TestServer } from './support/test-server';

/**
 * The 2014 reference program: seven Asian markets' user data moves from servers in China to data centers in
 * the US and Singapore by the end of October 2014. India (620,000 users) is migrated end to end.
 */
const P = '/programs/intl-2014';
const IN = `${P}/markets/IN`;
const MARKETS = [
  { market: 'IN', targetRegion: 'us-east', usersInScope: 620_000 },
  { market: 'HK', targetRegion: 'singapore', usersInScope: 410_000 },
  { market: 'ID', targetRegion: 'singapore', usersInScope: 1_150_000 },
  { market: 'MY', targetRegion: 'singapore', usersInScope: 380_000 },
  { market: 'PH', targetRegion: 'us-east', usersInScope: 290_000 },
  { market: 'SG', targetRegion: 'singapore', usersInScope: 240_000 },
  { market: 'TW', targetRegion: 'us-east', usersInScope: 870_000 },
];
const BATCH = 62_000;

/** A step at 10:00 Singapore time on the given day of 2014. */
const on = (date: string) => `${date}T10:00:00+08:00`;

describe('reference scenario: India migrated end to end through HTTP', () => {
  let server: TestServer;
  const steps: { type: string; occurredAt: string }[] = [];
  const step = async (path: string, type: string, occurredAt: string, body: Record<string, unknown> = {}) => {
    await expectPost(server, path, { ...body, occurredAt });
    steps.push({ type, occurredAt: new Date(occurredAt).toISOString() });
  };

  beforeAll(async () => {
    server = await TestServer.start();
    await expectPost(server, '/programs', programBody('intl-2014', { occurredAt: on('2014-01-15') }));
    for (const market of MARKETS)
      await expectPost(server, `${P}/markets`, { ...market, occurredAt: on('2014-02-01') });

    await step(`${IN}/start`, 'MigrationStarted', on('2014-03-03'));
    for (let i = 1; i <= 10; i++) {
      const batch = `${IN}/batches/IN-${String(i).padStart(3, '0')}`;
      const day = `2014-04-${String(i + 1).padStart(2, '0')}`;
      await step(`${batch}/copied`, 'BatchCopied', on(day), { users: BATCH, bytes: BATCH * 40_000_000 });
      if (i === 4) {
        await step(`${batch}/failed`, 'BatchFailed', on(day), {
          reason: 'Row count mismatch in the contacts store',
        });
        await step(`${batch}/copied`, 'BatchCopied', `${day}T18:00:00+08:00`, { users: BATCH });
      }
      await step(`${batch}/verified`, 'BatchVerified', `${day}T20:00:00+08:00`, {
        checksum: `sha256:in-${i}`,
      });
    }
    await step(`${IN}/cutover`, 'CutoverCompleted', on('2014-05-20'));
    await step(`${IN}/purge`, 'SourceDataPurged', on('2014-06-15'), {
      evidence: 'CHG-2014-0615-IN wipe certificate',
    });
    await step(`${IN}/complete`, 'MarketCompleted', on('2014-06-16'));
  });

  afterAll(() => server.stop());

  async function indiaHistory(): Promise<any[]> {
    const answer = await server.get(`${IN}/events?limit=1000`);
    expect(answer.status).toBe(200);
    return answer.body.events;
  }

  it('shows every step of India in order, with actor and both times', async () => {
    const events = await indiaHistory();
    expect(events.map((e) => e.type)).toEqual(['MarketEnrolled', ...steps.map((s) => s.type)]);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    expect(events.slice(1).map((e) => e.metadata.occurredAt)).toEqual(steps.map((s) => s.occurredAt));
    for (const event of events) {
      expect(event.metadata).toMatchObject({
        actor: 'ops-1',
        role: 'operator',
        schemaVersion: event.type === 'BatchCopied' ? 2 : 1,
      });
      expect(Date.parse(event.metadata.recordedAt)).toBeGreaterThan(Date.parse(event.metadata.occurredAt));
    }
  });

  it('counts the failed batch as retried: attempt 2, and all 620,000 users verified', async () => {
    const events = await indiaHistory();
    const retried = events
      .filter((e) => e.data.batchId === 'IN-004')
      .map((e) => [e.type, e.data.attempt ?? null]);
    expect(retried).toEqual([
      ['BatchCopied', 1],
      ['BatchFailed', 1],
      ['BatchCopied', 2],
      ['BatchVerified', null],
    ]);
    const verified = events
      .filter((e) => e.type === 'BatchVerified')
      .reduce((sum, e) => sum + e.data.users, 0);
    expect(verified).toBe(620_000);
    expect(events.find((e) => e.type === 'CutoverCompleted').data.verifiedUsers).toBe(620_000);
  });

  it('keeps the other six markets enrolled and untouched', async () => {
    for (const { market, usersInScope } of MARKETS.slice(1)) {
      const answer = await server.get(`${P}/markets/${market}/events`);
      expect(answer.body.events.map((e: any) => [e.type, e.data.usersInScope])).toEqual([
        ['MarketEnrolled', usersInScope],
      ]);
    }
  });

  it("has a hash chain that checks out for every stream, and breaks when an event's data changes", async () => {
    const all = await server.allEvents();
    const streams = new Map<string, any[]>();
    for (const event of all) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
    expect(streams.size).toBe(8);
    for (const events of streams.values())
      expect(verifyStreamChain(events)).toMatchObject({ ok: true, events: events.length });
    const india = [...streams.get('market-intl-2014-IN')!];
    india[5] = { ...india[5], data: { ...india[5].data, users: 1 } };
    expect(verifyStreamChain(india).firstBreak).toMatchObject({ kind: 'hash_mismatch', revision: 5 });
  });

  it('refuses further steps once India is completed', async () => {
    const answer = await server.post(`${IN}/batches/IN-999/copied`, { users: 1 });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toBe('market_completed');
  });
});
