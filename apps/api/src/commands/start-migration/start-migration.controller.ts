import { MarketMilestoneController } from '../shared/market-milestone.controller';

export class StartMigrationController extends MarketMilestoneController(
  'start',
  'StartMigration',
  'Start migrating the market (from planned)',
) {}
