import { SseParser } from './sse-parser';

describe('reading an event stream', () => {
  it('dispatches on an empty line, joins data lines, names the event, and skips comments', () => {
    const parser = new SseParser();
    expect(parser.push(': heartbeat comment\nevent: progress\ndata: {"a":\ndata: 1}\n\n')).toEqual([
      { event: 'progress', data: '{"a":\n1}', lastEventId: '' },
    ]);
    expect(parser.push('data:no space\n\n')).toEqual([
      { event: 'message', data: 'no space', lastEventId: '' },
    ]);
  });

  it('keeps the last id across events and takes retry only when it is digits', () => {
    const parser = new SseParser();
    const [first] = parser.push('id: 41\nretry: 2500\ndata: 1\n\n');
    expect(first.lastEventId).toBe('41');
    expect(parser.retryMs).toBe(2500);
    const [second] = parser.push('retry: soon\ndata: 2\n\n');
    expect(second.lastEventId).toBe('41');
    expect(parser.retryMs).toBe(2500);
    // An id alone dispatches nothing, but counts; an id with NUL is ignored.
    expect(parser.push('id: 42\n\n')).toEqual([]);
    expect(parser.lastEventId).toBe('42');
    parser.push('id: 4\u00003\n\n');
    expect(parser.lastEventId).toBe('42');
  });

  it('starts from the id of the connection before, and an empty id clears it', () => {
    const parser = new SseParser('17');
    expect(parser.push('data: x\n\n')[0].lastEventId).toBe('17');
    parser.push('id\ndata: y\n\n');
    expect(parser.lastEventId).toBe('');
  });

  it('reads CRLF, CR and LF line ends, split anywhere between chunks, and bytes split inside a character', () => {
    const parser = new SseParser();
    const bytes = new TextEncoder().encode('event: é\r\ndata: 1\r\r\ndata: 2\n\n');
    const messages = [];
    // One byte at a time: "é" is two bytes, and the CRLF after it falls between two chunks.
    for (const byte of bytes) messages.push(...parser.push(new Uint8Array([byte])));
    expect(messages).toEqual([
      { event: 'é', data: '1', lastEventId: '' },
      { event: 'message', data: '2', lastEventId: '' },
    ]);
  });

  it('dispatches nothing for a block without data, and forgets its event name', () => {
    const parser = new SseParser();
    expect(parser.push('event: lonely\n\ndata: z\n\n')).toEqual([
      { event: 'message', data: 'z', lastEventId: '' },
    ]);
  });
});
