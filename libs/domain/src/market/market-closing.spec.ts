import { given } from '../shared/testing/given-when-then';
import {
  CompletionBeforePurgeError,
  EvidenceRequiredError,
  SourceAlreadyPurgedError,
} from './market-closing.errors';
import {
  MarketAlreadyCutOverError,
  MarketCompletedError,
  MarketNotPausedError,
  MigrationAlreadyStartedError,
} from './market-lifecycle.errors';
import { marketDecider } from './market.decider';
import {
  complete,
  completed,
  cutOver,
  cutover,
  everyCommand,
  fullyVerified,
  pause,
  purge,
  purged,
  ref,
  resume,
  start,
} from './testing/market.fixtures';

describe('market closing', () => {
  describe('when cut over', () => {
    const history = [...fullyVerified(1000), cutOver(1000)];

    it('purges source data with evidence', () => {
      given(marketDecider, history).when(purge()).then([purged]);
    });

    it.each(['', '   '])('refuses a purge with blank evidence (%j)', (evidence) => {
      given(marketDecider, history)
        .when(purge(evidence))
        .thenThrows(EvidenceRequiredError, { field: 'evidence' });
    });

    it.each([pause(), cutover])('refuses $type', (command) => {
      given(marketDecider, history)
        .when(command)
        .thenThrows(MarketAlreadyCutOverError, { command: command.type, phase: 'cut_over' });
    });

    it('refuses to resume', () => {
      given(marketDecider, history).when(resume).thenThrows(MarketNotPausedError, { phase: 'cut_over' });
    });

    it('refuses to start again', () => {
      given(marketDecider, history)
        .when(start)
        .thenThrows(MigrationAlreadyStartedError, { phase: 'cut_over' });
    });

    it('refuses to complete before the purge', () => {
      given(marketDecider, history)
        .when(complete)
        .thenThrows(CompletionBeforePurgeError, { phase: 'cut_over' });
    });
  });

  describe('when source purged', () => {
    const history = [...fullyVerified(1000), cutOver(1000), purged];

    it('completes', () => {
      given(marketDecider, history).when(complete).then([completed]);
    });

    it('refuses a second purge', () => {
      given(marketDecider, history).when(purge()).thenThrows(SourceAlreadyPurgedError);
    });
  });

  describe('when completed', () => {
    const history = [...fullyVerified(1000), cutOver(1000), purged, completed];

    it.each(everyCommand)('refuses $type', (command) => {
      const error = given(marketDecider, history)
        .when(command)
        .thenThrows(MarketCompletedError, { ...ref, command: command.type });
      expect(error).toMatchObject({ code: 'market_completed', kind: 'conflict' });
    });
  });
});
