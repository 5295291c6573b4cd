import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreUnavailableError } from './event-store.errors';
import { PAGE_READER_MIN_COUNT, SqliteEventStore } from './sqlite-event-store';
import { SqlitePageReader } from './sqlite-page-reader';
import { storedDataJson } from './stored-event';
import { newEvents, uniqueStream } from './testing/contract-helpers';

describe('reading pages of the log on a thread of its own', () => {
  let dir: string;
  let closing: { close(): Promise<void> }[];
  const filename = () => join(dir, 'events.sqlite');
  const store = (readerThread?: boolean) => {
    const opened = new SqliteEventStore({ filename: filename(), readerThread });
    closing.push(opened);
    return opened;
  };
  const reader = (file = filename()) => {
    const opened = new SqlitePageReader(file);
    closing.push(opened);
    return opened;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'page-reader-'));
    closing = [];
  });
  afterEach(async () => {
    for (const opened of closing.reverse()) await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the events the store reads on its own connection, the stored data text included', async () => {
    const writer = store();
    for (let stream = 0; stream < 4; stream += 1) {
      await writer.append(uniqueStream(`page-${stream}`), newEvents(150, (index) => ({ index, text: 'é\u2028"' })), {
        expectedRevision: 'no_stream',
      });
    }
    const onThread = await reader().read(17n, 500);
    const onConnection = await store(false).readAll({ fromPosition: 17n, maxCount: 500 });
    expect(onThread).toHaveLength(500);
    expect(onThread).toEqual(onConnection);
    expect(onThread.map(storedDataJson)).toEqual(onConnection.map(storedDataJson));
    expect(onThread.map((event) => storedDataJson(event))).toEqual(
      onThread.map((event) => JSON.stringify(event.data)),
    );
  });

  it('sees every append committed before the read was asked for', async () => {
    const writer = store();
    const pages = reader();
    const stream = uniqueStream('later');
    expect(await pages.read(0n, 1000)).toEqual([]);
    const { position } = await writer.append(stream, newEvents(3), { expectedRevision: 'no_stream' });
    const read = await pages.read(0n, 1000);
    expect(read.map((event) => event.position)).toEqual([position - 2n, position - 1n, position]);
  });

  it('is used by the store for large pages only, and is closed with it', async () => {
    const writer = store();
    await writer.append(uniqueStream('sizes'), newEvents(PAGE_READER_MIN_COUNT + 1), {
      expectedRevision: 'no_stream',
    });
    const small = await writer.readAll({ maxCount: PAGE_READER_MIN_COUNT - 1 });
    const large = await writer.readAll({ maxCount: PAGE_READER_MIN_COUNT });
    expect(large.slice(0, small.length)).toEqual(small);
    const threads = (writer as unknown as { pageReader?: SqlitePageReader }).pageReader;
    expect(threads?.usable).toBe(true);
    await writer.close();
    expect(threads?.usable).toBe(false);
  });

  it('rejects pending and later reads as unavailable once closed', async () => {
    store();
    const pages = reader();
    const pending = expect(pages.read(0n, 1000)).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await pages.close();
    await pending;
    await expect(pages.read(0n, 1000)).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('turns unusable when its thread fails, and the store then reads on its own connection', async () => {
    const missing = reader(join(dir, 'missing.sqlite'));
    await expect(missing.read(0n, 1000)).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(missing.usable).toBe(false);

    const writer = store();
    const stream = uniqueStream('fallback');
    await writer.append(stream, newEvents(2), { expectedRevision: 'no_stream' });
    (writer as unknown as { pageReader?: SqlitePageReader }).pageReader = missing;
    expect((await writer.readAll({ maxCount: 1000 })).map((event) => event.streamId)).toEqual([stream, stream]);
  });
});
