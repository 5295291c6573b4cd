import type { EventStore } from '../event-store.port';
import { newEvents, uniqueStream, type AcknowledgedEvent, type ContractContext } from './contract-helpers';

/** Runs a writer of `streamId` elsewhere, kills it with SIGKILL mid-stream, returns what it acknowledged. */
export type KillWriterMidStream = (streamId: string) => Promise<AcknowledgedEvent[]>;

async function expectAllPresent(store: EventStore, streamId: string, acknowledged: AcknowledgedEvent[]) {
  const stored = await store.readStream(streamId);
  // Revisions stay contiguous from 0: nothing torn, nothing half-written.
  expect(stored.map((event) => event.revision)).toEqual(stored.map((_, index) => BigInt(index)));
  const byId = new Map(stored.map((event) => [event.id, event]));
  for (const ack of acknowledged) {
    expect(byId.get(ack.id)).toMatchObject({ streamId, revision: ack.revision, data: ack.data });
  }
}

export function describeRestartContract(context: ContractContext, killWriter?: KillWriterMidStream): void {
  describe('restart', () => {
    it('keeps every acknowledged event across close and reopen', async () => {
      const streams = [uniqueStream('restart-a'), uniqueStream('restart-b'), uniqueStream('restart-c')];
      const acknowledged = new Map<string, AcknowledgedEvent[]>(streams.map((stream) => [stream, []]));
      await Promise.all(
        streams.map(async (stream) => {
          for (let round = 0; round < 5; round += 1) {
            const events = newEvents(2, (index) => ({ round, index }));
            const result = await context.store().append(stream, events, { expectedRevision: 'any' });
            events.forEach((event, index) =>
              acknowledged.get(stream)?.push({
                id: event.id,
                streamId: stream,
                revision: result.nextRevision - BigInt(events.length - 1 - index),
                data: event.data,
              }),
            );
          }
        }),
      );
      const reopened = await context.restart();
      for (const stream of streams) await expectAllPresent(reopened, stream, acknowledged.get(stream) ?? []);
    });

    if (killWriter) {
      it('keeps every acknowledged event when the writing process is killed with SIGKILL', async () => {
        const stream = uniqueStream('kill-9');
        const acknowledged = await killWriter(stream);
        expect(acknowledged.length).toBeGreaterThan(0);
        const reopened = await context.restart();
        await expectAllPresent(reopened, stream, acknowledged);
      }, 60_000);
    }
  });
}
