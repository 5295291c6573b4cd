import { ReasonRequiredError } from '../shared/validation.errors';
import { given } from '../shared/testing/given-when-then';
import { BatchAlreadyVerifiedError, BatchNotCopiedError } from './market-batch.errors';
import { marketDecider } from './market.decider';
import { copied, copy, enrolled, fail, failed, started, verified, verify } from './testing/market.fixtures';

describe('market batch failures', () => {
  describe('when migrating', () => {
    const migrating = [enrolled(1000), started];

    it('records a failure against the current attempt', () => {
      given(marketDecider, [...migrating, copied('b1', 400)])
        .when(fail('b1'))
        .then([failed('b1', 400)]);
    });

    it.each(['', '  '])('refuses a failure with a blank reason (%j)', (reason) => {
      given(marketDecider, [...migrating, copied('b1', 400)])
        .when(fail('b1', reason))
        .thenThrows(ReasonRequiredError, { command: 'RecordBatchFailed' });
    });

    it('refuses a failure of a batch that was never copied', () => {
      given(marketDecider, migrating).when(fail('b7')).thenThrows(BatchNotCopiedError, { status: 'unknown' });
    });

    it('refuses a second failure before the batch is copied again', () => {
      given(marketDecider, [...migrating, copied('b1', 400), failed('b1', 400)])
        .when(fail('b1'))
        .thenThrows(BatchNotCopiedError, { status: 'failed' });
    });

    it('refuses a failure of a verified batch', () => {
      given(marketDecider, [...migrating, copied('b1', 400), verified('b1', 400)])
        .when(fail('b1'))
        .thenThrows(BatchAlreadyVerifiedError, { batchId: 'b1' });
    });
  });

  describe('when a batch failed', () => {
    const history = [enrolled(1000), started, copied('b1', 1000), failed('b1', 1000)];

    it('copies it again as attempt 2, its users no longer counted against the scope', () => {
      given(marketDecider, history)
        .when(copy('b1', 1000))
        .then([copied('b1', 1000, 2)]);
    });

    it('verifies the retry', () => {
      given(marketDecider, [...history, copied('b1', 1000, 2)])
        .when(verify('b1'))
        .then([verified('b1', 1000)]);
    });

    it('records a second failure as attempt 2 and the next copy as attempt 3', () => {
      const retried = [...history, copied('b1', 1000, 2)];
      given(marketDecider, retried)
        .when(fail('b1'))
        .then([failed('b1', 1000, 2)]);
      given(marketDecider, [...retried, failed('b1', 1000, 2)])
        .when(copy('b1', 1000))
        .then([copied('b1', 1000, 3)]);
    });
  });
});
