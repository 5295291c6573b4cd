import { MarketMilestoneController } from '../shared/market-milestone.controller';

export class CompleteMarketController extends MarketMilestoneController(
  'complete',
  'CompleteMarket',
  'Mark the market completed (after the source purge)',
) {}
