import { formatReport } from './chaos/chaos-report';
import { runChaos, type ChaosResult } from './chaos/chaos-run';

/**
 * The short version of `npm run chaos`: the real server as its own process group, 16 clients writing steps
 * with Idempotency-Key and If-Match, four kill -9 of the group under load (three of four as an append is
 * being committed), a restart after each on the same data dir, some with the clock stepped back a day.
 * Whether a kill at an append lands after its commit is a race; with two such kills, a run under the full
 * suite's load once had none that did, so the check that the window was covered failed: three make it rare.
 */
describe('kill -9 under load (short chaos run)', () => {
  let result: ChaosResult;

  beforeAll(async () => {
    result = await runChaos({
      clients: 16,
      kills: 4,
      steps: 12,
      seed: 20140601,
      clockBack: true,
      atAppend: 3 / 4,
      progress: false,
    });
    // The same figures as `npm run chaos` prints: what to replay and where it broke, when it does.
    if (!result.ok) console.log(formatReport(result.counts, result.checks, result.keptDir));
  }, 180_000);

  it('really killed the server under load, and really retried what the kills left unanswered', () => {
    expect(result.counts).toMatchObject({ kills: 4, restarts: 4 });
    expect(result.counts.clockBackRestarts).toBeGreaterThanOrEqual(1);
    expect(result.counts.retried).toBeGreaterThan(0);
    // Some steps were in the log before their kill: their retries had something to replay.
    expect(result.counts.retriedRecorded).toBeGreaterThan(0);
    expect(result.counts.acknowledged).toBeGreaterThanOrEqual(16 * 12);
  });

  it.each([
    'acknowledged steps are in the log',
    'no step written twice',
    'no recorded step refused',
    'retries of recorded steps answered as replays',
    'answers replay after the run',
    'every request answered, no 5xx, no unexpected refusal',
    'audit verification (GET /audit/verify)',
    'evidence bundle verified offline with the pinned key',
    'read models equal a full rebuild',
  ])('%s', (name) => {
    const found = result.checks.find((check) => check.name === name);
    expect(found && { ok: found.ok, problems: found.problems }).toEqual({ ok: true, problems: [] });
  });

  it('fails nothing else (the run itself completed)', () => {
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
  });
});
