import { createHash } from 'node:crypto';
import { DEADLINE, DEADLINE_REVISION_REASON, referenceScenario } from './reference-scenario.generator';
import { bulkSteps } from './bulk-steps.generator';
import { stepRequest, type StepRow } from './step-row';

/** Folds the rows per market the way the domain does, failing on any step the API would refuse. */
function replay(rows: StepRow[]) {
  const markets = new Map<
    string,
    {
      scope: number;
      verified: number;
      phase: string;
      copied: Map<string, number>;
      done: Set<string>;
      failures: number;
      completedAt?: string;
      pauses: number;
    }
  >();
  for (const row of rows) {
    if (!row.market) continue;
    if (row.step === 'enroll') {
      markets.set(row.market, {
        scope: row.usersInScope ?? 0,
        verified: 0,
        phase: 'planned',
        copied: new Map(),
        done: new Set(),
        failures: 0,
        pauses: 0,
      });
      continue;
    }
    const m = markets.get(row.market);
    if (!m) throw new Error(`${row.step} before enrolment of ${row.market}`);
    const batchStep = row.step === 'copied' || row.step === 'verified' || row.step === 'failed';
    if (batchStep && m.phase !== 'migrating') throw new Error(`${row.market} ${row.step} while ${m.phase}`);
    switch (row.step) {
      case 'start':
        m.phase = 'migrating';
        break;
      case 'pause':
        m.phase = 'paused';
        m.pauses += 1;
        break;
      case 'resume':
        m.phase = 'migrating';
        break;
      case 'copied':
        m.copied.set(row.batch!, row.users!);
        break;
      case 'failed':
        m.copied.delete(row.batch!);
        m.failures += 1;
        break;
      case 'verified':
        if (!m.copied.has(row.batch!) || m.done.has(row.batch!))
          throw new Error(`${row.batch} verified out of turn`);
        m.done.add(row.batch!);
        m.verified += m.copied.get(row.batch!)!;
        if (m.verified > m.scope) throw new Error(`${row.market} verified more than its scope`);
        break;
      case 'cutover':
        if (m.verified !== m.scope) throw new Error(`${row.market} cut over with users left`);
        m.phase = 'cut_over';
        break;
      case 'purge':
        m.phase = 'source_purged';
        break;
      case 'complete':
        m.phase = 'completed';
        m.completedAt = row.occurredAt;
        break;
    }
  }
  return markets;
}

describe('the reference scenario generator', () => {
  const rows = referenceScenario();

  it('gives the same rows for the same seed, and other rows for another seed', () => {
    expect(referenceScenario({ seed: 2014 })).toEqual(rows);
    expect(JSON.stringify(referenceScenario({ seed: 99 }))).not.toEqual(JSON.stringify(rows));
  });

  it('lists the steps in the order they happened, from January 2014 to the October deadline', () => {
    const times = rows.map((row) => Date.parse(row.occurredAt!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(rows[0]).toMatchObject({ step: 'create-program', occurredAt: expect.stringMatching(/^2014-01/) });
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse(DEADLINE));
  });

  it('enrols the seven markets with realistic user counts, targeting us-east and singapore', () => {
    const enrolments = rows.filter((row) => row.step === 'enroll');
    expect(enrolments.map((row) => row.market).sort()).toEqual(['HK', 'ID', 'IN', 'MY', 'PH', 'SG', 'TW']);
    expect(new Set(enrolments.map((row) => row.targetRegion))).toEqual(new Set(['us-east', 'singapore']));
    for (const row of enrolments) expect(row.usersInScope).toBeGreaterThanOrEqual(200_000);
  });

  it('never logs a step the API would refuse', () => {
    expect(() => replay(rows)).not.toThrow();
    for (const row of rows) expect(() => stepRequest(row)).not.toThrow();
  });

  it('has a late market, a paused one, a failed batch retried and a deadline revision with a reason', () => {
    const markets = replay(rows);
    const late = [...markets].filter(([, m]) => m.phase !== 'completed' || (m.completedAt ?? '') > DEADLINE);
    expect(late.map(([code]) => code)).toContain('TW');
    expect(markets.get('TW')!.verified / markets.get('TW')!.scope).toBeLessThan(0.6);
    expect(markets.get('MY')!.phase).toBe('paused');
    expect(markets.get('IN')).toMatchObject({ phase: 'completed', failures: expect.any(Number) });
    const failed = rows.filter((row) => row.step === 'failed' && row.market === 'IN');
    expect(failed.length).toBeGreaterThan(0);
    const retried = rows.filter((row) => row.step === 'copied' && row.batch === failed[0].batch);
    expect(retried).toHaveLength(2);
    expect(rows.filter((row) => row.step === 'revise-deadline')).toEqual([
      expect.objectContaining({ deadline: DEADLINE, reason: DEADLINE_REVISION_REASON }),
    ]);
  });

  it('stops at `until`, for a program seen as it stood at that instant', () => {
    const until = '2014-07-01T12:00:00+08:00';
    const partial = referenceScenario({ until });
    expect(partial).toEqual(rows.filter((row) => Date.parse(row.occurredAt!) <= Date.parse(until)));
    expect(partial.length).toBeLessThan(rows.length);
  });
});

describe('the bulk generator (benchmarks)', () => {
  it('gives the requested number of valid steps, the same for the same seed', () => {
    const steps = bulkSteps({ steps: 1001, seed: 3 });
    expect(steps).toHaveLength(1001);
    expect(bulkSteps({ steps: 1001, seed: 3 })).toEqual(steps);
    expect(() => replay(steps)).not.toThrow();
  });
});

describe('the generated data, byte for byte', () => {
  const digest = (rows: StepRow[]) =>
    createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);

  // The demo, the e2e figures and the benchmarks' logs come from these rows: a change to a generator, its
  // random draws or their order shows here first (update the digests only for a change meant to alter data).
  it("stays the same for the default seed and for the benchmarks' bulk steps", () => {
    expect(digest(referenceScenario())).toBe('9b17978b9c10faa3');
    expect(digest(bulkSteps({ steps: 5000 }))).toBe('5bc547c431a9b8b0');
  });
});
