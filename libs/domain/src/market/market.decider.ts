import type { Decider } from '../shared/decider';
import { recordBatchCopied, recordBatchFailed, recordBatchVerified } from './market-batch.decisions';
import { completeCutover, completeMarket, purgeSourceData } from './market-closing.decisions';
import {
  enrollMarket,
  pauseMigration,
  resumeMigration,
  reviseScope,
  startMigration,
} from './market-lifecycle.decisions';
import { MarketCompletedError } from './market-lifecycle.errors';
import type { MarketCommand } from './market.commands';
import type { MarketEvent } from './market.events';
import { evolveMarket } from './market.evolve';
import { requireOpenMarket } from './market.guards';
import { initialMarketState, marketRef, type MarketState } from './market.state';

function decide(command: MarketCommand, state: MarketState): MarketEvent[] {
  if (command.type === 'EnrollMarket') {
    // Re-enrolling a finished market is refused as "completed", like every other command on it.
    if (state.phase === 'completed') {
      throw new MarketCompletedError(marketRef(state), command.type);
    }
    return enrollMarket(state, command.data);
  }
  const market = requireOpenMarket(state, command.type);
  switch (command.type) {
    case 'ReviseScope':
      return reviseScope(market, command.data);
    case 'StartMigration':
      return startMigration(market);
    case 'RecordBatchCopied':
      return recordBatchCopied(market, command.data);
    case 'RecordBatchVerified':
      return recordBatchVerified(market, command.data);
    case 'RecordBatchFailed':
      return recordBatchFailed(market, command.data);
    case 'PauseMigration':
      return pauseMigration(market, command.data);
    case 'ResumeMigration':
      return resumeMigration(market);
    case 'CompleteCutover':
      return completeCutover(market);
    case 'PurgeSourceData':
      return purgeSourceData(market, command.data);
    case 'CompleteMarket':
      return completeMarket(market);
  }
}

export const marketDecider: Decider<MarketCommand, MarketEvent, MarketState> = {
  initialState: initialMarketState,
  decide,
  evolve: evolveMarket,
};
