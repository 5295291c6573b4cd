/**
 * Child process of the SIGKILL test: appends to one stream of a SQLite event store until it is killed, and
 * prints one JSON line per acknowledged event (after its append resolved, i.e. after the commit).
 * Run: node -r @swc-node/register sqlite-crash-writer.ts <filename> <streamId> <full|normal>
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../sqlite-event-store';

const APPENDS_PER_TURN = 4;
const EVENTS_PER_APPEND = 3;

async function main(): Promise<void> {
  const [filename, streamId, durability] = process.argv.slice(2);
  const store = new SqliteEventStore({ filename, durability: durability === 'normal' ? 'normal' : 'full' });
  let head = -1n;
  for (let sequence = 0; ; sequence += 1) {
    // Several appends per turn with chained expectations: they share one group commit.
    const appends = Array.from({ length: APPENDS_PER_TURN }, (_, slot) => {
      const events = Array.from({ length: EVENTS_PER_APPEND }, (_, index) => ({
        id: randomUUID(),
        type: 'CrashTestEventWritten',
        data: { sequence, slot, index, padding: 'x'.repeat(200) },
        metadata: {},
      }));
      const expected = head + BigInt(slot * EVENTS_PER_APPEND);
      const appended = store.append(streamId, events, {
        expectedRevision: expected < 0n ? 'no_stream' : expected,
      });
      return appended.then((result) => ({ events, result }));
    });
    for (const { events, result } of await Promise.all(appends)) {
      const lines = events.map((event, index) =>
        JSON.stringify({
          id: event.id,
          revision: String(result.nextRevision - BigInt(events.length - 1 - index)),
          data: event.data,
        }),
      );
      process.stdout.write(`${lines.join('\n')}\n`);
      head = result.nextRevision;
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
