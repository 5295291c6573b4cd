import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { eventHashMatches } from '../hash-chain/event-hash';
import type { AuditEvent } from '../verifier/audit-event';
import { verifyLog } from '../verifier/log-verifier';
import { FixtureLog, newKey } from '../verifier/testing/fixture-log';
import { eventLine } from './bundle-format';
import { readEventLines, readEventLinesForVerification } from './event-lines.reader';

const key = newKey();
const THREADS = { threads: 2, threadsFrom: 0 };

/** A log of `steps` events over three streams, then a signed checkpoint; one line per event, `\n`-ended. */
function logLines(steps: number): string[] {
  const log = new FixtureLog();
  for (let i = 0; i < steps; i++) log.steps(['market-p-IN', 'market-p-SG', 'market-p-HK'][i % 3], 1);
  log.checkpoint(key);
  return log.events.map((event, i) =>
    eventLine({ ...event, id: `e-${i}`, recordedAt: '2014-07-01T00:00:00.000Z' }),
  );
}

/** What the verifier reads of an event: equal for both readers, or the verdicts could differ. */
function seen(event: AuditEvent) {
  return {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    hash: event.metadata.hash,
    prevHash: event.metadata.prevHash,
    unreadable: event.unreadable,
    hashMatches: event.hashVerified === true || eventHashMatches(event, String(event.metadata.hash)),
    // The audit stream's events come whole: verification reads their data.
    data: event.streamId === 'audit-checkpoints' ? event.data : undefined,
  };
}

async function readBoth(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'event-lines-'));
  const file = join(dir, 'events.ndjson');
  writeFileSync(file, text);
  try {
    const collect = async (events: AsyncIterable<AuditEvent>) => {
      const all: AuditEvent[] = [];
      for await (const event of events) all.push(event);
      return all;
    };
    const single = await collect(readEventLines(file));
    const threaded = await collect(readEventLinesForVerification(file, THREADS));
    return { single, threaded };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function verdict(events: AuditEvent[]) {
  const report = await verifyLog({
    auditStream: events.filter((event) => event.streamId === 'audit-checkpoints'),
    log: events,
    trustedKeys: new Map([[key.keyId, key.publicKeyPem]]),
  });
  return { ok: report.ok, events: report.events, breaks: report.breaks };
}

async function expectSameReading(text: string) {
  const { single, threaded } = await readBoth(text);
  expect(threaded.map(seen)).toEqual(single.map(seen));
  expect(await verdict(threaded)).toEqual(await verdict(single));
  return { single, threaded };
}

describe('reading events.ndjson on threads for verification', () => {
  const lines = logLines(12);

  it('settles honest lines on the threads and gives the verifier what it checks', async () => {
    const { threaded } = await expectSameReading(lines.join(''));
    expect(threaded.filter((event) => event.hashVerified)).toHaveLength(12);
    expect(await verdict(threaded)).toMatchObject({ ok: true, events: 13 });
  });

  it('numbers lines across batches and threads as one reader does (a break names its line)', async () => {
    // Over 1 MiB: several batches, dealt to both threads in turn; a broken line far in.
    const many = logLines(3000);
    many[2500] = '{"position":2501,\n';
    const { threaded } = await expectSameReading(many.join(''));
    expect(threaded.find((event) => event.unreadable)?.unreadable).toMatch(/^line 2501: /);
  });

  const edits: [string, (line: string) => string][] = [
    ['a changed users count', (line) => line.replace('"users":', '"users":1')],
    [
      'a changed link',
      (line) => line.replace(/"prevHash":"(.)/, (_, c) => `"prevHash":"${c === 'a' ? 'b' : 'a'}`),
    ],
    ['an edited hash', (line) => line.replace(/"hash":"(.)/, (_, c) => `"hash":"${c === 'a' ? 'b' : 'a'}`)],
    ['spaces in the JSON', (line) => line.replace('{"position":', '{ "position":')],
    ['a second event member', (line) => line.replace(/}\n$/, ',"event":{}}\n')],
    ['a leading zero', (line) => line.replace('{"position":', '{"position":0')],
    ['a string position', (line) => line.replace(/"position":(\d+)/, '"position":"$1"')],
    ['an id with an escape', (line) => line.replace('"id":"e-', '"id":"\\u0065-')],
    ['a null id', (line) => line.replace(/"id":"[^"]*"/, '"id":null')],
    ['CRLF', (line) => line.replace(/\n$/, '\r\n')],
    ['a lone CR inside', (line) => line.replace(',"event":', ',\r"event":')],
    ['an empty line before', (line) => `\n${line}`],
    ['no JSON at all', () => 'not json\n'],
    ['trailing garbage', (line) => line.replace(/\n$/, ' \n')],
  ];
  it.each(edits)('reads %s as one reader does', async (_name, edit) => {
    for (const at of [0, 5, 11]) {
      const edited = [...lines];
      edited[at] = edit(edited[at]);
      await expectSameReading(edited.join(''));
    }
  });

  it('reads a last line without its newline', async () => {
    await expectSameReading(lines.join('').trimEnd());
  });

  it('agrees with one reader on any edit of a byte (property)', async () => {
    const text = Buffer.from(lines.join(''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(text.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 3,
        }),
        async (changes) => {
          const edited = Buffer.from(text);
          for (const [at, byte] of changes) edited[at] = byte;
          await expectSameReading(edited.toString('latin1'));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60), seed: 20141031 },
    );
  });
});
