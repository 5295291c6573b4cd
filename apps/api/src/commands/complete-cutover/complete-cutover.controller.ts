import { MarketMilestoneController } from '../shared/market-milestone.controller';

export class CompleteCutoverController extends MarketMilestoneController(
  'cutover',
  'CompleteCutover',
  'Cut the market over to the target region (all users in scope verified)',
) {}
