import { ReadEventsController } from './read-events/read-events.controller';
import { ReadEventsHandler } from './read-events/read-events.query';
import { ReadMarketEventsController } from './read-market-events/read-market-events.controller';
import { ReadMarketEventsHandler } from './read-market-events/read-market-events.query';
import { ReadProgramEventsController } from './read-program-events/read-program-events.controller';
import { ReadProgramEventsHandler } from './read-program-events/read-program-events.query';

export const historyControllers = [
  ReadEventsController,
  ReadProgramEventsController,
  ReadMarketEventsController,
];
export const queryHandlers = [ReadEventsHandler, ReadProgramEventsHandler, ReadMarketEventsHandler];
