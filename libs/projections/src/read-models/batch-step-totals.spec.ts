import type { ChangeNotice } from '../runner/projection';
import { BatchStepTotals, isBatchStep, type BatchStep } from './batch-step-totals';
import { trackerEvent } from './event-fields';
import { marketProgressProjection } from './market-progress.projection';
import { inMemory, logged, positioned } from './testing/read-model.story';
import { at, copied, enrolled, failed, P, verified } from './testing/tracker.fixtures';

/** Two enrolled markets, IN and HK, and the batch steps that follow them in the log. */
function setUp(...steps: ReturnType<typeof logged>[]) {
  const { db, context } = inMemory(marketProgressProjection);
  const [enrolIn, enrolHk, ...events] = positioned([
    logged(enrolled('IN'), at('04-01T00')),
    logged(enrolled('HK'), at('04-01T00')),
    ...steps,
  ]);
  marketProgressProjection.apply(enrolIn, context);
  marketProgressProjection.apply(enrolHk, context);
  const totals = new BatchStepTotals();
  for (const event of events) {
    const step = trackerEvent(event);
    if (step === undefined || !isBatchStep(step)) throw new Error('not a batch step');
    totals.add(step as BatchStep);
  }
  const counts = (market: string) =>
    db
      .prepare(
        `SELECT copied_users, verified_users, batches_verified, failed_batches, failures, last_step_type, last_position
         FROM market_progress WHERE market = ?`,
      )
      .get(market);
  return { totals, context, counts };
}

const untouched = {
  copied_users: 0,
  verified_users: 0,
  batches_verified: 0,
  failed_batches: 0,
  failures: 0,
  last_step_type: 'MarketEnrolled',
};

describe('batch step totals', () => {
  it("write nothing until flushed, then one market's sums when asked for that market only", () => {
    const { totals, context, counts } = setUp(
      logged(copied('IN', 'i1', 10), at('04-02T00')),
      logged(copied('HK', 'h1', 20), at('04-02T01')),
      logged(verified('IN', 'i1', 10), at('04-02T02')),
      logged(failed('HK', 'h1', 20), at('04-02T03')),
    );
    expect(counts('IN')).toEqual({ ...untouched, last_position: 1 });

    const notices: ChangeNotice[] = [];
    totals.flush(context, notices, { programId: P, market: 'IN' });
    expect(notices).toEqual([{ programId: P, market: 'IN' }]);
    expect(counts('IN')).toEqual({
      ...untouched,
      verified_users: 10,
      batches_verified: 1,
      last_step_type: 'BatchVerified',
      last_position: 5,
    });
    expect(counts('HK')).toEqual({ ...untouched, last_position: 2 });

    totals.flush(context, notices);
    expect(notices).toEqual([
      { programId: P, market: 'IN' },
      { programId: P, market: 'HK' },
    ]);
    expect(counts('HK')).toEqual({
      ...untouched,
      failed_batches: 1,
      failures: 1,
      last_step_type: 'BatchFailed',
      last_position: 6,
    });
  });

  it('write each sum once: flushing again adds nothing', () => {
    const { totals, context, counts } = setUp(logged(copied('IN', 'i1', 10), at('04-02T00')));
    totals.flush(context, []);
    const notices: ChangeNotice[] = [];
    totals.flush(context, notices);
    totals.flush(context, notices, { programId: P, market: 'IN' });
    expect(notices).toEqual([]);
    expect(counts('IN')).toMatchObject({ copied_users: 10, last_step_type: 'BatchCopied', last_position: 3 });
  });

  it('start a new sum for a market after its sums were flushed', () => {
    const { totals, context, counts } = setUp(logged(copied('IN', 'i1', 10), at('04-02T00')));
    totals.flush(context, [], { programId: P, market: 'IN' });
    const [next] = positioned([logged(verified('IN', 'i1', 10), at('04-02T01'))]);
    totals.add({ ...trackerEvent(next), position: 9n } as BatchStep);
    totals.flush(context, []);
    expect(counts('IN')).toMatchObject({
      copied_users: 0,
      verified_users: 10,
      batches_verified: 1,
      last_position: 9,
    });
  });
});
