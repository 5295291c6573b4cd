import type { RecordedEvent } from '@app/event-store';
import { AsOfEvents } from './as-of-events';
import { knownAt, type AsOfBasis } from './as-of-replay';
import { turnCounter } from './testing/turn-counter';

const HOUR = 3_600_000;
const T0 = Date.parse('2014-05-01T00:00:00Z');
const iso = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

/** One event per position over three streams, interleaved; some logged late, some with odd envelopes. */
function streams(): RecordedEvent[][] {
  const byStream = new Map<string, RecordedEvent[]>();
  for (let position = 1; position <= 60; position++) {
    const streamId = ['program-p', 'market-p-IN', 'market-p-HK'][position % 3];
    const list = byStream.get(streamId) ?? [];
    const recorded = iso(position);
    const metadata: Record<string, string> = {
      recordedAt: recorded,
      occurredAt: iso(position - (position % 7)),
    };
    if (position % 11 === 0) delete metadata.occurredAt; // no occurredAt: falls back to recordedAt
    if (position % 13 === 0) delete metadata.recordedAt; // the store's own recordedAt
    if (position === 17) metadata.occurredAt = 'not a date'; // never known on that basis
    list.push({
      id: `e${position}`,
      streamId,
      revision: BigInt(list.length),
      position: BigInt(position),
      type: 'BatchVerified',
      data: {},
      metadata,
      recordedAt: iso(position + 0.5),
    });
    byStream.set(streamId, list);
  }
  return [...byStream.values()];
}

const positions = (events: readonly RecordedEvent[]) => events.map((e) => Number(e.position));
const BASES: AsOfBasis[] = ['recorded', 'occurred'];
const INSTANTS = [-1, 0, 5, 17, 30.5, 45, 59, 61, 100].map((hours) => new Date(T0 + hours * HOUR));

describe('AsOfEvents', () => {
  it('merges streams into log order', async () => {
    const merged = await AsOfEvents.merge(streams());
    expect(positions(merged.events)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('selects exactly the events knownAt selects, at any instant, on either basis', async () => {
    const merged = await AsOfEvents.merge(streams());
    for (const basis of BASES) {
      for (const instant of INSTANTS) {
        const expected = merged.events.filter((e) => knownAt(e, instant, basis));
        expect(positions(merged.knownAt(instant, basis))).toEqual(positions(expected));
      }
    }
  });

  it('tells the events known at one instant and not at an earlier one', async () => {
    const merged = await AsOfEvents.merge(streams());
    for (const basis of BASES) {
      const [from, to] = [INSTANTS[2], INSTANTS[5]];
      const expected = merged.events.filter((e) => knownAt(e, to, basis) && !knownAt(e, from, basis));
      expect(positions(merged.between(from, to, basis))).toEqual(positions(expected));
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('lets other work run while it merges a long history', async () => {
    const long: RecordedEvent[] = Array.from({ length: 10_000 }, (_, i) => ({
      ...streams()[0][0],
      position: BigInt(i + 1),
      revision: BigInt(i),
    }));
    const counter = turnCounter();
    await AsOfEvents.merge([long]);
    // It yields after every 2,000 events.
    expect(counter.stop()).toBeGreaterThanOrEqual(4);
  });
});
