import {
  FIRST_RETRY_MS,
  MAX_RETRY_MS,
  OFFLINE_AFTER,
  SILENCE_MS,
  SseClient,
  type SseEnvironment,
} from './sse-client';

/** A stream the test writes to and ends. */
function stream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return {
    body,
    write: (text: string) => controller.enqueue(new TextEncoder().encode(text)),
    end: () => controller.close(),
    /** What an aborted fetch does to its body in a browser. */
    fail: () => controller.error(new DOMException('aborted', 'AbortError')),
  };
}

const settle = async () => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

/** The browser around the client, by hand: answers in order, timers run when the test says. */
function environment(answers: Array<(signal: AbortSignal) => Response>) {
  const requests: Array<{ headers: Record<string, string>; signal: AbortSignal }> = [];
  const timers: Array<{ run: () => void; ms: number; cleared: boolean }> = [];
  const env: SseEnvironment = {
    fetch: jest.fn(async (_url: unknown, init?: RequestInit) => {
      requests.push({
        headers: init?.headers as Record<string, string>,
        signal: init?.signal as AbortSignal,
      });
      const next = answers.shift();
      if (!next) throw new TypeError('network down');
      return next(init?.signal as AbortSignal);
    }) as unknown as typeof fetch,
    setTimeout: (run, ms) => {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (timer) => {
      if (timer) (timer as { cleared: boolean }).cleared = true;
    },
    random: () => 0.5, // no jitter: a factor of exactly 1
  };
  /** The retry timers set so far (the silence timers are the SILENCE_MS ones). */
  const retries = () => timers.filter((t) => t.ms !== SILENCE_MS);
  const runLastRetry = async () => {
    const timer = retries().at(-1);
    if (!timer || timer.cleared) throw new Error('no pending retry');
    timer.cleared = true;
    timer.run();
    await settle();
  };
  return { env, requests, timers, retries, runLastRetry };
}

function client(env: SseEnvironment) {
  const events: Array<[string, unknown, boolean]> = [];
  const states: string[] = [];
  const refused: string[] = [];
  const sse = new SseClient(
    '/programs/p/stream',
    'Bearer k',
    {
      onEvent: (event, data, first) => events.push([event, data, first]),
      onState: (state) => states.push(state),
      onUnauthorized: (error) => refused.push(error.message),
    },
    env,
  );
  return { sse, events, states, refused };
}

const ok = (body: ReturnType<typeof stream>) => (signal: AbortSignal) => {
  signal.addEventListener('abort', () => body.fail());
  return new Response(body.body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
};

describe('the live stream client', () => {
  it('hands on JSON events, says live at the first, and flags the first of each connection', async () => {
    const first = stream();
    const { env } = environment([ok(first)]);
    const { sse, events, states } = client(env);
    sse.start();
    await settle();
    first.write(
      'event: progress\nid: 7\ndata: {"n":1}\n\n: heartbeat\n\nevent: progress\ndata: {"n":2}\n\ndata: not json\n\n',
    );
    await settle();
    expect(states).toEqual(['connecting', 'live']);
    expect(events).toEqual([
      ['progress', { n: 1 }, true],
      ['progress', { n: 2 }, false],
    ]);
    sse.close();
  });

  it('reconnects after the stream ends, sending the last id as Last-Event-ID, after the delay the server set with retry:', async () => {
    const first = stream();
    const second = stream();
    const { env, requests, retries, runLastRetry } = environment([ok(first), ok(second)]);
    const { sse, events, states } = client(env);
    sse.start();
    await settle();
    expect(requests[0].headers['last-event-id']).toBeUndefined();
    first.write('retry: 2000\nid: 41\nevent: progress\ndata: {"n":1}\n\nid: 42\n\n');
    first.end();
    await settle();
    expect(states.at(-1)).toBe('reconnecting');
    expect(retries().at(-1)?.ms).toBe(2000);
    await runLastRetry();
    expect(requests[1].headers['last-event-id']).toBe('42');
    second.write('event: progress\ndata: {"n":2}\n\n');
    await settle();
    expect(states.at(-1)).toBe('live');
    // The first event of the new connection may follow a gap: flagged first again.
    expect(events.at(-1)).toEqual(['progress', { n: 2 }, true]);
    sse.close();
  });

  it('backs off, doubling from the first delay, and says offline after several failures in a row, retrying on', async () => {
    const { env, retries, runLastRetry } = environment([]);
    const { sse, states } = client(env);
    sse.start();
    await settle();
    for (let i = 1; i < OFFLINE_AFTER + 2; i += 1) await runLastRetry();
    expect(retries().map((t) => t.ms)).toEqual(
      Array.from({ length: OFFLINE_AFTER + 2 }, (_, i) => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** i)),
    );
    expect(states.slice(0, OFFLINE_AFTER)).toEqual([
      'connecting',
      ...Array.from({ length: OFFLINE_AFTER - 1 }, () => 'reconnecting'),
    ]);
    expect(states.at(-1)).toBe('offline');
    sse.close();
  });

  it('waits as long as a refusal asks with Retry-After', async () => {
    const { env, retries } = environment([
      () => new Response('{}', { status: 429, headers: { 'retry-after': '30' } }),
    ]);
    const { sse } = client(env);
    sse.start();
    await settle();
    expect(retries().at(-1)?.ms).toBe(30_000);
    sse.close();
  });

  it('stops and signs out on 401, without retrying', async () => {
    const { env, retries } = environment([() => new Response('{}', { status: 401 })]);
    const { sse, refused } = client(env);
    sse.start();
    await settle();
    expect(refused).toEqual(['The key was refused by the live stream.']);
    expect(retries()).toEqual([]);
  });

  it('drops a silent connection (no heartbeat) and reconnects', async () => {
    const first = stream();
    const { env, requests, timers } = environment([ok(first)]);
    const { sse, states } = client(env);
    sse.start();
    await settle();
    const silence = timers.filter((t) => t.ms === SILENCE_MS && !t.cleared).at(-1);
    silence?.run();
    await settle();
    expect(requests[0].signal.aborted).toBe(true);
    expect(states.at(-1)).toBe('reconnecting');
    sse.close();
  });

  it('closes for good: the connection is aborted and no retry runs', async () => {
    const first = stream();
    const { env, requests, retries } = environment([ok(first)]);
    const { sse } = client(env);
    sse.start();
    await settle();
    sse.close();
    await settle();
    expect(requests[0].signal.aborted).toBe(true);
    expect(retries()).toEqual([]);
  });
});
