import { createHash } from 'node:crypto';
import { canonicalJson } from '../hash-chain/canonical-json';
import { canonicalEventBody } from '../hash-chain/event-hash';
import { verifyLog } from '../verifier/log-verifier';
import { FixtureLog, newKey } from '../verifier/testing/fixture-log';
import { eventLine, parseEventLine } from './bundle-format';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const key = newKey();

function fixture(): FixtureLog {
  const log = new FixtureLog();
  log.steps('market-p-IN', 3);
  log.steps('market-p-SG', 2);
  log.checkpoint(key);
  return log;
}

async function verifyLines(lines: string[]) {
  const events = lines.map((line, index) => parseEventLine(line, index + 1));
  return verifyLog({
    auditStream: events.filter((event) => event.streamId === 'audit-checkpoints'),
    log: events,
    trustedKeys: new Map([[key.keyId, key.publicKeyPem]]),
  });
}

describe('events.ndjson lines (format 2)', () => {
  it("write each event's hashed text as `event`: any SHA-256 tool checks a line", () => {
    const event = fixture().events[1];
    const line = eventLine({ ...event, id: 'e-2', recordedAt: '2014-07-01T00:00:00.000Z' });
    const parsed = JSON.parse(line);
    expect(parsed).toMatchObject({ position: 2, id: 'e-2', hash: event.metadata.hash });
    expect(parsed.event.metadata.hash).toBeUndefined();
    const eventText = line.trimEnd().slice(line.indexOf(',"event":') + ',"event":'.length, -1);
    expect(eventText).toBe(canonicalEventBody(event));
    expect(sha256(eventText)).toBe(event.metadata.hash);
  });

  it('read back as the stored event, with the text the hash covers', () => {
    const event = fixture().events[2];
    const read = parseEventLine(eventLine(event).trimEnd(), 3);
    expect(read).toEqual({ ...event, hashedText: canonicalEventBody(event) });
  });

  it('verify, and so do format 1 lines (the whole event as canonical JSON)', async () => {
    const log = fixture();
    const v2 = log.events.map((e) => eventLine(e).trimEnd());
    expect(await verifyLines(v2)).toMatchObject({ ok: true, events: 6 });
    const v1 = log.events.map((e) =>
      canonicalJson({ ...e, position: Number(e.position), revision: Number(e.revision) }),
    );
    expect(await verifyLines(v1)).toMatchObject({ ok: true, events: 6 });
  });

  it('catch a line that smuggles a second `event` member after the hashed one', async () => {
    const log = fixture();
    const lines = log.events.map((e) => eventLine(e).trimEnd());
    const forged = JSON.parse(lines[1]).event;
    forged.data.users = 9_999;
    // JSON.parse keeps the last duplicate member: readers would see the forged event.
    lines[1] = `${lines[1].slice(0, -1)},"event":${JSON.stringify(forged)}}`;
    expect(JSON.parse(lines[1]).event.data.users).toBe(9_999);
    const report = await verifyLines(lines);
    expect(report.firstBreak).toMatchObject({ kind: 'hash_mismatch', stream: 'market-p-IN', revision: 1 });
  });

  it('catch an event text that differs from the hash, and one whose framing differs', async () => {
    const log = fixture();
    const lines = log.events.map((e) => eventLine(e).trimEnd());
    const edited = [...lines];
    edited[3] = lines[3].replace('"users":10', '"users":11');
    expect((await verifyLines(edited)).firstBreak).toMatchObject({ kind: 'hash_mismatch', revision: 0 });
    // Spaces added: no longer the hashed bytes, but still the same values, so the event still verifies.
    const spaced = [...lines];
    spaced[3] = lines[3].replace('"users":10', '"users": 10');
    expect(parseEventLine(spaced[3], 4).hashedText).not.toBe(canonicalEventBody(log.events[3]));
    expect(await verifyLines(spaced)).toMatchObject({ ok: true });
  });

  it('report a line that is not JSON as unreadable, numbered', () => {
    expect(parseEventLine('{"position":1,', 7)).toMatchObject({
      unreadable: expect.stringMatching(/^line 7: /),
    });
  });
});
