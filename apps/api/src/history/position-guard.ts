import { InvalidPositionError } from '@app/event-store';
import { ValidationFailedError } from '../errors/api.errors';

/**
 * Runs a read of the log from a client's `fromPosition`, answering 400 naming the field when the store says
 * it is not an event's position. Positions are opaque (sparse on EventStoreDB, where the server refuses one
 * that is not at a record boundary): a client passes 0, an event's position or a page's `nextPosition`.
 */
export async function readFromClientPosition<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof InvalidPositionError)) throw error;
    throw new ValidationFailedError([
      {
        field: 'fromPosition',
        problems: [
          `${error.position} is not the position of an event: pass 0, an event's position or a page's nextPosition`,
        ],
      },
    ]);
  }
}
