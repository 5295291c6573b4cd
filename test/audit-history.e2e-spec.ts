import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeEventHash, replayBundle } from '@app/audit';
import { runCli } from './support/cli-process';
import { driveScenario } from './support/drive-scenario';
import { NOW, PROGRAM_ID, referenceSteps } from './support/reference-scenario';
import { withEventFile } from './support/tamper';
import { TestClock } from './support/test-clock';
import { TestServer } from './support/test-server';

/** Auditors' questions on the 2014 reference program: filtered history, as-of replay, diffs, old schemas. */
const P = `/programs/${PROGRAM_ID}`;
const ENV = { CHECKPOINT_EVERY_MINUTES: '5256000', CHECKPOINT_EVERY_EVENTS: '10000000' };
const sg = (local: string) => encodeURIComponent(`${local}+08:00`);

describe('auditor history, as-of replay and diff', () => {
  let server: TestServer;
  const clock = new TestClock('2014-01-15T00:00:00Z');

  beforeAll(async () => {
    server = await TestServer.start({ clock: clock.now, env: ENV });
    await driveScenario(server, clock, referenceSteps());
    clock.set(NOW);
    // A late entry: a Taiwan batch of 10 May, logged only on 1 July.
    for (const step of ['copied', 'verified']) {
      const answer = await server.post(`${P}/markets/TW/batches/TW-late/${step}`, {
        ...(step === 'copied' ? { users: 7_000 } : {}),
        occurredAt: '2014-05-10T11:00:00+08:00',
      });
      expect(answer.status).toBe(201);
    }
  });

  afterAll(() => server.stop());

  describe('history filters', () => {
    it('finds one program event type across its markets', async () => {
      const answer = await server.get(`${P}/events?type=BatchFailed`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        end: true,
        events: [{ type: 'BatchFailed', data: { market: 'IN' } }],
      });
      expect(answer.body.events[0].metadata).toMatchObject({ actor: 'ops-1', role: 'operator' });
    });

    it('combines actor, type and a time range on when it happened', async () => {
      const day = `occurredFrom=${sg('2014-05-01T00:00:00')}&occurredTo=${sg('2014-05-01T23:59:59')}`;
      const answer = await server.get(`/events?actor=ops-1&type=BatchVerified&${day}`);
      expect(answer.body.events.map((e: any) => e.data.market).sort()).toEqual(['HK', 'ID', 'SG', 'TW']);
      expect((await server.get(`/events?actor=someone-else&type=BatchVerified&${day}`)).body.events).toEqual(
        [],
      );
    });

    it('tells late entries apart by when they were recorded', async () => {
      const answer = await server.get(`/events?recordedFrom=${sg('2014-07-01T12:00:00')}`);
      expect(answer.body.events.map((e: any) => [e.type, e.data.batchId])).toEqual([
        ['BatchCopied', 'TW-late'],
        ['BatchVerified', 'TW-late'],
      ]);
      expect(answer.body.events[0].metadata.occurredAt).toBe('2014-05-10T03:00:00.000Z');
    });

    it('pages through filtered results without repeats', async () => {
      const first = await server.get('/events?type=MarketEnrolled,ProgramCreated&limit=5');
      const second = await server.get(
        `/events?type=MarketEnrolled,ProgramCreated&limit=5&fromPosition=${first.body.nextPosition}`,
      );
      expect(first.body).toMatchObject({ end: false });
      expect(first.body.events).toHaveLength(5);
      expect(second.body.events).toHaveLength(3);
      const all = [...first.body.events, ...second.body.events].map((e: any) => e.position);
      expect(new Set(all).size).toBe(8);
    });

    it('takes only an event\'s position (or 0) as fromPosition, on every history route; 400 names the field', async () => {
      const [first, second] = (await server.get('/events?limit=2')).body.events;
      expect((await server.get(`/events?fromPosition=${first.position}&limit=1`)).body.events).toEqual([second]);
      // Between two events (or past the head): no event has it, on either store, whatever their spacing.
      let page = (await server.get('/events?limit=1000')).body;
      while (!page.end) page = (await server.get(`/events?fromPosition=${page.nextPosition}&limit=1000`)).body;
      const head = page.nextPosition;
      for (const path of [
        `/events?fromPosition=${head + 1}`,
        `/events?fromPosition=${head + 1}&type=BatchCopied`,
        `${P}/events?fromPosition=${head + 1}`,
      ]) {
        const answer = await server.get(path);
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({
          error: 'validation_failed',
          details: { fields: [{ field: 'fromPosition', problems: [expect.stringContaining(`${head + 1}`)] }] },
        });
      }
    });

    it('filters one market by type; events written at the current schema are not upcast', async () => {
      const answer = await server.get(`${P}/markets/IN/events?type=BatchCopied&limit=1000`);
      expect(answer.body.events).toHaveLength(11);
      expect(answer.body.events[4]).toMatchObject({ data: { attempt: 2 }, metadata: { schemaVersion: 2 } });
      expect(answer.body.events[4].upcast).toBeUndefined();
      expect(answer.body.nextRevision).toBeNull();
    });

    it('refuses malformed filters', async () => {
      const answer = await server.get('/events?occurredFrom=yesterday');
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('validation_failed');
      expect((await server.get(`${P}/events`, { key: 'viewer' })).status).toBe(403);
      expect((await server.get('/programs/nope/events')).status).toBe(404);
    });
  });

  describe('as-of replay', () => {
    it('gives exactly the live answer when asked as of now', async () => {
      const live = await server.get(`${P}/progress`);
      const asOf = await server.get(`${P}/progress?asOf=${encodeURIComponent(NOW)}`);
      expect(asOf.status).toBe(200);
      expect(asOf.body).toEqual(live.body);
      const liveHk = await server.get(`${P}/markets/HK/progress`);
      const asOfHk = await server.get(
        `${P}/markets/HK/progress?asOf=${encodeURIComponent(NOW)}&basis=occurred`,
      );
      expect(asOfHk.body).toEqual(liveHk.body);
    });

    it('shows a market as it stood on an instant of the past', async () => {
      const answer = await server.get(`${P}/markets/HK/progress?asOf=${sg('2014-05-15T12:00:00')}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        market: 'HK',
        phase: 'migrating',
        verifiedUsers: 14 * 3_000,
        copiedUsers: 3_000,
        batchesVerified: 14,
        lastStep: { type: 'BatchCopied' },
      });
      expect(answer.body.forecast).toBeDefined();
      const before = await server.get(`${P}/progress?asOf=${sg('2014-01-20T00:00:00')}`);
      expect(before.body).toMatchObject({
        asOf: '2014-01-19T16:00:00.000Z',
        totals: { markets: 0 },
        markets: [],
      });
      expect((await server.get(`${P}/progress?asOf=${sg('2014-01-01T00:00:00')}`)).status).toBe(404);
    });

    it('tells "as known at T" from "as happened by T" for a late entry', async () => {
      const at = sg('2014-06-01T00:00:00');
      const known = await server.get(`${P}/markets/TW/progress?asOf=${at}&basis=recorded`);
      const happened = await server.get(`${P}/markets/TW/progress?asOf=${at}&basis=occurred`);
      expect(happened.body.verifiedUsers - known.body.verifiedUsers).toBe(7_000);
      expect((await server.get(`${P}/progress?asOf=${at}&basis=sometimes`)).status).toBe(400);
    });

    it('diffs two instants: what changed in each market, and which events did it', async () => {
      const answer = await server.get(
        `${P}/diff?from=${sg('2014-06-29T12:00:00')}&to=${sg('2014-07-01T12:00:00')}&basis=recorded`,
      );
      expect(answer.status).toBe(200);
      const sgDiff = answer.body.markets.find((m: any) => m.market === 'SG');
      expect(sgDiff.changes.phase).toEqual({ from: 'migrating', to: 'cut_over' });
      // 29 June: the batch copied at 10:00 was verified at 16:00; 30 June: cut over.
      expect(sgDiff.events.map((e: any) => e.type)).toEqual(['BatchVerified', 'CutoverCompleted']);
      const tw = answer.body.markets.find((m: any) => m.market === 'TW');
      expect(tw.changes.verifiedUsers.to - tw.changes.verifiedUsers.from).toBe(2 * 2_000 + 7_000);
      expect(tw.events.map((e: any) => [e.type, e.occurredAt.slice(0, 10)])).toEqual([
        ['BatchVerified', '2014-06-29'],
        ['BatchCopied', '2014-06-30'],
        ['BatchVerified', '2014-06-30'],
        ['BatchCopied', '2014-05-10'],
        ['BatchVerified', '2014-05-10'],
      ]);
      // India finished in June: only the passing of time changed its view, and no event.
      const india = answer.body.markets.find((m: any) => m.market === 'IN');
      expect(india).toEqual({ market: 'IN', changes: { daysLeft: { from: 124.5, to: 122.5 } }, events: [] });
      expect((await server.get(`${P}/diff?from=x&to=y`)).status).toBe(400);
    });
  });

  describe('offline replay of an evidence bundle', () => {
    const work = mkdtempSync(join(tmpdir(), 'tracker-replay-'));
    const bundle = join(work, 'evidence.tar');
    const instants = ['2014-03-01T00:00:00', '2014-05-15T12:00:00', '2014-06-01T00:00:00'];

    beforeAll(async () => {
      const answer = await server.download('/audit/bundle');
      expect(answer.status).toBe(200);
      writeFileSync(bundle, answer.bytes);
    });

    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('gives, from the bundle alone, what the server answers as of any instant, on either basis', async () => {
      for (const local of instants) {
        for (const basis of ['recorded', 'occurred'] as const) {
          const asOf = new Date(`${local}+08:00`);
          const offline = await replayBundle(bundle, { programId: PROGRAM_ID, asOf, basis });
          expect(offline.verification.ok).toBe(true);
          const online = await server.get(`${P}/progress?asOf=${sg(local)}&basis=${basis}`);
          expect(online.status).toBe(200);
          expect(offline.progress).toEqual(online.body);
        }
      }
      // One market with its forecast, where the late Taiwan entry makes the two bases differ.
      const tw = await replayBundle(bundle, {
        programId: PROGRAM_ID,
        market: 'TW',
        asOf: new Date('2014-06-01T00:00:00+08:00'),
        basis: 'occurred',
      });
      const online = await server.get(
        `${P}/markets/TW/progress?asOf=${sg('2014-06-01T00:00:00')}&basis=occurred`,
      );
      expect(tw.progress).toEqual(online.body);
      expect((tw.progress as { forecast?: unknown }).forecast).toBeDefined();
    });

    it('is a CLI command that needs no server: JSON or a table, and refuses an altered bundle (exit 4)', async () => {
      const pinned = join(work, 'pinned.json');
      writeFileSync(pinned, JSON.stringify((await server.get('/audit/public-key', { key: null })).body.keys));
      const args = ['audit', 'replay-bundle', bundle, '--program', PROGRAM_ID, '--market', 'TW'];
      const at = ['--as-of', '2014-06-01T00:00:00+08:00', '--basis', 'occurred', '--trusted-keys', pinned];
      const json = await runCli([...args, ...at, '--json']);
      expect(json.code).toBe(0);
      // Without a pinned key it still replays, but says the bundle's own keys are all that vouch for it.
      const unpinned = await runCli([...args, ...at.slice(0, -2)]);
      expect(unpinned.code).toBe(6);
      expect(unpinned.stdout).toContain('SIGNED BY KEYS FOUND IN THE BUNDLE ONLY');
      const online = await server.get(
        `${P}/markets/TW/progress?asOf=${sg('2014-06-01T00:00:00')}&basis=occurred`,
      );
      expect(JSON.parse(json.stdout)).toEqual(online.body);
      const table = await runCli([...args, ...at]);
      expect(table.stdout).toMatch(/VERIFIED; \d+ events of intl-2014 happened by 2014-05-31T16:00:00.000Z/);
      expect(table.stdout).toContain('TW');
      expect((await runCli([...args, '--as-of', 'June'])).code).toBe(1);
      expect((await runCli([...args.slice(0, -1), 'XX', ...at])).code).toBe(3);

      const tampered = readFileSync(bundle);
      const where = tampered.indexOf('"users":', tampered.indexOf('events/000001.ndjson')) + 8;
      tampered[where] = tampered[where] === 0x39 ? 0x38 : tampered[where] + 1;
      const altered = join(work, 'altered.tar');
      writeFileSync(altered, tampered);
      const refused = await runCli(['audit', 'replay-bundle', altered, '--program', PROGRAM_ID, ...at]);
      expect(refused.code).toBe(4);
      expect(refused.stdout).toContain('NOT VERIFIED, nothing replayed');
    });
  });

  describe('schema evolution', () => {
    it('reads a stored v1 BatchCopied without `attempt` as v2, and its chain still verifies', async () => {
      const stream = `market-${PROGRAM_ID}-TW`;
      const copiedBefore = (await server.get(`${P}/markets/TW/progress`)).body.copiedUsers;
      await server.stop({ keepData: true });
      withEventFile(server.dataDir, (db) => {
        const head = db
          .prepare('SELECT revision, metadata FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1')
          .get(stream) as { revision: number; metadata: string };
        const recordedAt = '2014-07-01T04:30:00.000Z';
        const data = { programId: PROGRAM_ID, market: 'TW', batchId: 'TW-legacy', users: 500 };
        const metadata: Record<string, unknown> = {
          actor: 'legacy-import',
          role: 'operator',
          correlationId: randomUUID(),
          occurredAt: recordedAt,
          recordedAt,
          schemaVersion: 1,
          prevHash: JSON.parse(head.metadata).hash,
        };
        const revision = Number(head.revision) + 1;
        metadata.hash = computeEventHash({ streamId: stream, revision, type: 'BatchCopied', data, metadata });
        db.prepare(
          'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(
          stream,
          revision,
          randomUUID(),
          'BatchCopied',
          JSON.stringify(data),
          JSON.stringify(metadata),
          recordedAt,
        );
      });
      server = await TestServer.start({ clock: clock.now, env: ENV, dataDir: server.dataDir });
      const history = await server.get(`${P}/markets/TW/events?type=BatchCopied&limit=1000`);
      const legacy = history.body.events.at(-1);
      expect(legacy).toMatchObject({
        data: { batchId: 'TW-legacy', attempt: 1 },
        upcast: { from: 1, to: 2 },
      });
      expect(legacy.metadata.schemaVersion).toBe(1);
      expect((await server.get('/audit/verify')).body).toMatchObject({ ok: true });
      const live = await server.get(`${P}/markets/TW/progress?minPosition=${legacy.position}`);
      expect(live.status).toBe(200);
      // The read model took it through the same upcaster: `attempt` is there, nothing was poisoned.
      expect(live.body.copiedUsers).toBe(copiedBefore + 500);
    });
  });
});
