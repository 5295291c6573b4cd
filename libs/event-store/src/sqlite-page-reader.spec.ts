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
      await writer.append(
        uniqueStream(`page-${stream}`),
        newEvents(150, (index) => ({ index, text: 'é\u2028"' })),
        {
          expectedRevision: 'no_stream',
        },
      );
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

  it('is started by the first large page, used once ready, never for small pages, and closed with the store', async () => {
    const writer = store();
    await writer.append(uniqueStream('sizes'), newEvents(PAGE_READER_MIN_COUNT + 1), {
      expectedRevision: 'no_stream',
    });
    const threadOf = () => (writer as unknown as { pageReader?: SqlitePageReader }).pageReader;
    await writer.readAll({ maxCount: PAGE_READER_MIN_COUNT - 1 });
    expect(threadOf()).toBeUndefined();

    const first = await writer.readAll({ maxCount: PAGE_READER_MIN_COUNT }); // read here: the thread starts
    const thread = threadOf() as SqlitePageReader;
    const reads = jest.spyOn(thread, 'read');
    while (!thread.ready) await new Promise((resolve) => setTimeout(resolve, 5));
    const small = await writer.readAll({ maxCount: PAGE_READER_MIN_COUNT - 1 });
    expect(reads).not.toHaveBeenCalled();
    const large = await writer.readAll({ maxCount: PAGE_READER_MIN_COUNT });
    expect(reads).toHaveBeenCalledWith(0n, PAGE_READER_MIN_COUNT);
    expect(large).toEqual(first);
    expect(large.slice(0, small.length)).toEqual(small);

    await writer.close();
    expect(thread.ready).toBe(false);
  });

  it('rejects pending and later reads as unavailable once closed', async () => {
    store();
    const pages = reader();
    const pending = expect(pages.read(0n, 1000)).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await pages.close();
    await pending;
    await expect(pages.read(0n, 1000)).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('rejects reads when its thread fails, and the store then reads on its own connection', async () => {
    const missing = reader(join(dir, 'missing.sqlite'));
    await expect(missing.read(0n, 1000)).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(missing.ready).toBe(false);
    await expect(missing.read(0n, 1000)).rejects.toBeInstanceOf(EventStoreUnavailableError);

    const writer = store();
    const stream = uniqueStream('fallback');
    await writer.append(stream, newEvents(2), { expectedRevision: 'no_stream' });
    (writer as unknown as { pageReader?: SqlitePageReader }).pageReader = missing;
    expect((await writer.readAll({ maxCount: 1000 })).map((event) => event.streamId)).toEqual([
      stream,
      stream,
    ]);
  });
});
