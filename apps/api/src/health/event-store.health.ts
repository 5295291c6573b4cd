import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { FilteredEventStore } from '@app/event-store';

/**
 * Up when the event store answers a read. Reports the unreadable events the log's readers skipped (data not
 * JSON): they are skipped by rule, so they do not make the store down, but an operator should look.
 */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    private readonly store: FilteredEventStore,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: string) {
    const indicator = this.health.check(key);
    try {
      const [last] = await this.store.readAll({ maxCount: 1 });
      const unreadable = this.store.unreadable();
      return indicator.up({ reachable: true, hasEvents: last !== undefined, unreadableEvents: unreadable });
    } catch (error) {
      return indicator.down({
        reachable: false,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
