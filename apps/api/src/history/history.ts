import { ReadEventsController } from './read-events/read-events.controller';
import { ReadEventsHandler } from './read-events/read-events.query';
import { ReadMarketEventsController } from './read-market-events/read-market-events.controller';
import { ReadMarketEventsHandler } from './read-market-events/read-market-events.query';

export const historyControllers = [ReadEventsController, ReadMarketEventsController];
export const queryHandlers = [ReadEventsHandler, ReadMarketEventsHandler];
