import { MarketMilestoneController } from '../shared/market-milestone.controller';

export class ResumeMigrationController extends MarketMilestoneController(
  'resume',
  'ResumeMigration',
  'Resume a paused migration',
) {}
