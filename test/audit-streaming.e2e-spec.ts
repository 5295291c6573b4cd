import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventPartName, MANIFEST_FILE, verifyBundle, type PublicKeyEntry } from '@app/audit';
import { AuditLogReader, type StoredEvent } from '../apps/api/src/audit/shared/audit-log.reader';
import { seedBigProgram, type BigProgram } from './support/big-program';
import { checkedFetch } from './support/checked-fetch';
import { runCli } from './support/cli-process';
import { ContractProxy } from './support/contract-proxy';
import { flipOneDigit, row, withEventFile } from './support/tamper';
import { TestClock } from './support/test-clock';
import { KEYS, TestServer } from './support/test-server';

/**
 * Long audit operations answer as they go: GET /audit/verify as NDJSON says how far it is from the first
 * second (and keeps saying it while a phase takes long), GET /audit/bundle sends its first members before the
 * log has been read through. "Before" is shown without timing: the server's read of the log is held at a
 * gate (the reader wrapped in place) while the client looks at what it already received; a server that
 * answered only at the end would send nothing until the gate opens, and the test would time out.
 */
const ENV = { CHECKPOINT_EVERY_MINUTES: '5256000', CHECKPOINT_EVERY_EVENTS: '10000000' };
const PROGRAM = 'long-2014';

/** The server's log reader, held after `after` events until `open()`; `read` counts what it gave out. */
class ReaderGate {
  read = 0;
  reached: Promise<void>;
  private reach!: () => void;
  private release!: () => void;
  private readonly opened: Promise<void>;
  private readonly original: AuditLogReader['log'];

  /** `fail`: at the gate, the read fails (as a store going away would) instead of waiting. */
  constructor(
    private readonly reader: AuditLogReader,
    private readonly after: number,
    private readonly fail = false,
  ) {
    this.reached = new Promise((resolve) => (this.reach = resolve));
    this.opened = new Promise((resolve) => (this.release = resolve));
    this.original = reader.log.bind(reader);
    reader.log = (from, to) => this.held(from, to);
  }

  private async *held(from?: bigint, to?: bigint): AsyncGenerator<StoredEvent> {
    for await (const event of this.original(from, to)) {
      if (this.read === this.after) {
        this.reach();
        if (this.fail) {
          this.reader.log = this.original;
          throw new Error('the disk went away');
        }
        await this.opened;
      }
      this.read += 1;
      yield event;
    }
  }

  open(): void {
    this.release();
    this.reader.log = this.original;
  }
}

/** The body of an answer, read as it arrives. */
class Body {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  bytes = Buffer.alloc(0);
  done = false;

  constructor(response: Response) {
    this.reader = response.body!.getReader();
  }

  async more(): Promise<void> {
    const { value, done } = await this.reader.read();
    if (done) this.done = true;
    else this.bytes = Buffer.concat([this.bytes, Buffer.from(value)]);
  }

  async rest(): Promise<Buffer> {
    while (!this.done) await this.more();
    return this.bytes;
  }
}

/** NDJSON lines as they arrive. */
class Lines {
  private readonly body: Body;
  private used = 0;

  constructor(response: Response) {
    this.body = new Body(response);
  }

  async next(): Promise<any> {
    for (;;) {
      const end = this.body.bytes.indexOf(10, this.used);
      if (end >= 0) {
        const line = this.body.bytes.toString('utf8', this.used, end);
        this.used = end + 1;
        return JSON.parse(line);
      }
      if (this.body.done) return undefined;
      await this.body.more();
    }
  }
}

/** The members of a ustar archive that arrived whole so far, in order. */
function wholeMembers(bytes: Buffer): { name: string; data: Buffer }[] {
  const members: { name: string; data: Buffer }[] = [];
  for (let offset = 0; offset + 512 <= bytes.length;) {
    const header = bytes.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const name = header.toString('ascii', 0, 100).replace(/\0.*$/s, '');
    const size = parseInt(header.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim(), 8);
    if (offset + 512 + size > bytes.length) break;
    members.push({ name, data: bytes.subarray(offset + 512, offset + 512 + size) });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return members;
}

describe('long audit operations stream', () => {
  let server: TestServer;
  /** The CLI's way to the server (restarted below): each answer it gets is checked against the document. */
  let proxy: ContractProxy;
  let big: BigProgram;
  let work: string;
  const clock = new TestClock('2014-09-01T00:00:00Z');

  const reader = () =>
    (server as unknown as { app: INestApplication }).app.get(AuditLogReader, { strict: false });
  const open = (path: string, accept?: string) =>
    checkedFetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${KEYS.auditor}`, ...(accept ? { accept } : {}) },
    });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'audit-streaming-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-e2e-'));
    // 30,007 events, written straight into the store (no checkpoint yet: the first audit read signs one).
    big = await seedBigProgram(dataDir, { programId: PROGRAM, markets: ['IN', 'HK', 'ID'], pairs: 5_000 });
    server = await TestServer.start({ clock: clock.now, env: ENV, dataDir });
    proxy = await ContractProxy.start(() => server.url);
  }, 120_000);

  afterEach(async () => expect(await proxy.mismatches()).toEqual([]));
  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
  });

  it('streams verification progress from the start, while a phase takes long, then the report of the JSON answer', async () => {
    const gate = new ReaderGate(reader(), 10_000);
    const lines = new Lines(await open('/audit/verify', 'application/x-ndjson'));
    const first = await lines.next();
    expect(first).toEqual({ type: 'progress', phase: 'signing', events: 0, total: null });
    await gate.reached;
    // Held at 10,000 of 30,008 events: the answer still says where it is, again and again (bytes flow).
    const held: any[] = [];
    while (held.filter((line) => line.phase === 'events').length < 3) held.push(await lines.next());
    for (const line of held) expect(line.type).toBe('progress');
    const latest = held.at(-1);
    expect(latest).toMatchObject({ phase: 'events', total: big.events });
    expect(latest.events).toBeLessThanOrEqual(10_000);
    expect(gate.read).toBe(10_000);
    gate.open();
    const rest: any[] = [];
    for (let line = await lines.next(); line !== undefined; line = await lines.next()) rest.push(line);
    const report = rest.at(-1);
    expect(report).toMatchObject({ type: 'report', ok: true, events: big.events + 1, breaks: [] });
    expect(rest.slice(0, -1).every((line) => line.type === 'progress')).toBe(true);
    expect(rest.map((line) => line.phase)).toContain('roots');
    // The plain JSON answer is as it was, and says the same.
    const json = await server.get('/audit/verify');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const { type, ...streamed } = report;
    expect(type).toBe('report');
    expect(json.body).toEqual(streamed);
    // ?stream=true asks for the same NDJSON answer.
    const byQuery = await open('/audit/verify?stream=true');
    expect(byQuery.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(
      (await byQuery.text())
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).type)
        .at(-1),
    ).toBe('report');
  }, 120_000);

  it('ends the stream with an error line when the verification fails after the answer began', async () => {
    const gate = new ReaderGate(reader(), 5_000, true);
    const text = await (await open('/audit/verify?stream=true')).text();
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(gate.read).toBe(5_000);
    expect(lines.slice(0, -1).every((line) => line.type === 'progress')).toBe(true);
    expect(lines.at(-1)).toEqual({
      type: 'error',
      status: 500,
      error: 'internal_error',
      message: 'An unexpected error occurred; it has been logged.',
      details: {},
    });
    // The CLI says so and exits as for a server error, instead of printing a verdict.
    new ReaderGate(reader(), 5_000, true);
    const cli = await runCli(['audit', 'verify'], { TRACKER_URL: proxy.url, TRACKER_KEY: KEYS.auditor });
    expect(cli.code).toBe(5);
    expect(cli.stderr).toContain('verification failed on the server: 500 internal_error');
    expect(cli.stdout).toBe('');
  }, 120_000);

  it('refuses a stream value that is neither true nor false, naming the field', async () => {
    const answer = await server.get('/audit/verify?stream=yes');
    expect(answer.status).toBe(400);
    expect(answer.body.details.fields).toEqual([
      expect.objectContaining({ field: 'stream', problems: ['stream must be true or false'] }),
    ]);
  });

  it('sends the bundle’s first members before the log has been read through, and the bundle verifies', async () => {
    const gate = new ReaderGate(reader(), 20_000);
    const response = await open('/audit/bundle');
    expect(response.headers.get('content-type')).toMatch(/application\/x-tar/);
    const body = new Body(response);
    while (!wholeMembers(body.bytes).some((member) => member.name === eventPartName(1))) await body.more();
    // The server's read is held at 20,000 events of 30,008: what arrived was sent before the log was read.
    expect(gate.read).toBeLessThanOrEqual(20_000);
    const arrived = wholeMembers(body.bytes);
    expect(arrived.map((member) => member.name).slice(0, 2)).toEqual(['public-keys.json', eventPartName(1)]);
    expect(arrived.some((member) => member.name === MANIFEST_FILE)).toBe(false);
    const firstPart = arrived[1].data.toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(firstPart[0])).toMatchObject({ position: 1 });
    gate.open();
    const file = join(work, 'evidence.tar');
    writeFileSync(file, await body.rest());
    const all = wholeMembers(readFileSync(file));
    expect(all.at(-1)!.name).toBe(MANIFEST_FILE);
    expect(all.filter((member) => member.name.startsWith('events/')).length).toBeGreaterThanOrEqual(3);
    const keys = (await server.get('/audit/public-key', { key: null })).body.keys as PublicKeyEntry[];
    const report = await verifyBundle(file, { trustedKeys: keys });
    expect(report).toMatchObject({ ok: true, verdict: 'verified', log: { events: big.events + 1 } });
  }, 120_000);

  it('shows the progress of `tracker audit verify` as plain lines when stderr is not a terminal, then the verdict', async () => {
    const result = await runCli(['audit', 'verify'], { TRACKER_URL: proxy.url, TRACKER_KEY: KEYS.auditor });
    expect(result.code).toBe(0);
    const progress = result.stderr.trimEnd().split('\n');
    expect(progress).toEqual(
      expect.arrayContaining([
        'verify: signing a checkpoint, 0 events',
        'verify: reading the signed checkpoints, 0 events',
        `verify: reading the log, 0/${big.events} events (0%)`,
        expect.stringMatching(
          new RegExp(
            `^verify: checking the signed roots, ${big.events + 1}/${big.events} events \\(100%\\)$`,
          ),
        ),
      ]),
    );
    expect(result.stdout).toMatch(new RegExp(`^audit log: VERIFIED — ${big.events + 1} events`));
  }, 120_000);

  it('streams a failing report for a tampered log, as the JSON answer does', async () => {
    await server.stop({ keepData: true });
    withEventFile(server.dataDir, (db) => {
      const target = row(db, `market-${PROGRAM}-HK`, 100);
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
        flipOneDigit(target.data),
        target.position,
      );
    });
    server = await TestServer.start({ clock: clock.now, env: ENV, dataDir: server.dataDir });
    const text = await (await open('/audit/verify?stream=true')).text();
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const { type, ...report } = lines.at(-1);
    expect(type).toBe('report');
    expect(report).toMatchObject({
      ok: false,
      firstBreak: { kind: 'hash_mismatch', stream: `market-${PROGRAM}-HK`, revision: 100 },
    });
    expect((await server.get('/audit/verify')).body).toEqual(report);
    const cli = await runCli(['audit', 'verify'], { TRACKER_URL: proxy.url, TRACKER_KEY: KEYS.auditor });
    expect(cli.code).toBe(4);
    expect(cli.stdout).toMatch(/^audit log: FAILED/);
  }, 120_000);
});
