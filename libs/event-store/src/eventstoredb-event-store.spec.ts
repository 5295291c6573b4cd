import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { describeEventStoreContract } from './testing/event-store.contract';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING?.trim();
const SKIPPED = 'EventStoreDB contract suite SKIPPED: set EVENTSTORE_CONNECTION_STRING to run it';

if (connectionString) {
  // Restart here = dispose the client and connect again; the server keeps the data.
  describeEventStoreContract('EventStoreDB', {
    open: async () => new EventStoreDbEventStore({ connectionString }),
  });
} else {
  console.warn(`${SKIPPED} (e.g. esdb://localhost:2113?tls=false with docker compose)`);
  describe.skip(SKIPPED, () => {
    it.skip('runs the EventStore contract suite against EventStoreDB', () => undefined);
  });
}
