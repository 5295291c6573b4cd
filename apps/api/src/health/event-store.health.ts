import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@app/event-store';

/** Up when the event store answers a read. */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: string) {
    const indicator = this.health.check(key);
    try {
      const [last] = await this.store.readAll({ maxCount: 1 });
      return indicator.up({ reachable: true, hasEvents: last !== undefined });
    } catch (error) {
      return indicator.down({
        reachable: false,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
