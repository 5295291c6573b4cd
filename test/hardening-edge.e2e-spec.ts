import { connect, type Socket } from 'node:net';
import { checkedFetch } from './support/checked-fetch';
import { eventually } from './support/eventually';
import { expectPost, programBody } from './support/fixtures';
import { SseClient } from './support/sse-client';
import { KEYS, TestServer } from './support/test-server';

const P = '/programs/edge';

/** A raw TCP client: sends what the test says, when it says, and records what comes back and when it closed. */
class RawClient {
  received = '';
  closedAt?: number;
  readonly openedAt = Date.now();
  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => (this.received += chunk.toString()));
    socket.on('close', () => (this.closedAt = Date.now()));
    socket.on('error', () => undefined);
  }

  static open(url: string): Promise<RawClient> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Resolves with the milliseconds from opening to the server closing the connection. */
  closed(timeoutMs: number): Promise<number> {
    return eventually(
      async () => this.closedAt,
      (at) => at !== undefined,
      timeoutMs,
    ).then((at) => at! - this.openedAt);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

function errorShape(body: any): void {
  expect(body).toEqual({
    error: expect.any(String),
    message: expect.any(String),
    details: expect.any(Object),
  });
}

describe('the HTTP edge: timeouts and connection cap', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({
      env: {
        HEADERS_TIMEOUT_MS: '500',
        REQUEST_TIMEOUT_MS: '1000',
        KEEP_ALIVE_TIMEOUT_MS: '500',
        MAX_CONNECTIONS: '8',
      },
    });
    await expectPost(server, '/programs', programBody('edge', { deadline: '2099-12-31T23:59:59Z' }));
  });

  afterAll(() => server.stop());

  it('cuts off a client that trickles its body a byte at a time once the request timeout passes', async () => {
    const client = await RawClient.open(server.url);
    client.socket.write(
      `POST ${P}/markets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.operator}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    const trickle = setInterval(() => client.socket.writable && client.socket.write(' '), 100);
    try {
      const after = await client.closed(5_000);
      expect(after).toBeGreaterThanOrEqual(900);
      expect(after).toBeLessThan(3_000);
      expect(client.received).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(trickle);
      client.destroy();
    }
  });

  it('cuts off a client that never finishes its headers once the header timeout passes', async () => {
    const client = await RawClient.open(server.url);
    client.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\n`);
    const trickle = setInterval(() => client.socket.writable && client.socket.write('X-A: b\r\n'), 100);
    try {
      const after = await client.closed(5_000);
      expect(after).toBeLessThan(2_000);
    } finally {
      clearInterval(trickle);
      client.destroy();
    }
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const client = await RawClient.open(server.url);
    client.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    const after = await client.closed(5_000);
    expect(client.received).toMatch(/^HTTP\/1\.1 200/);
    expect(after).toBeLessThan(2_500);
    client.destroy();
  });

  it('keeps a live SSE stream open well beyond the request timeout', async () => {
    await eventually(
      () => server.get(`${P}/progress`, { key: 'viewer' }),
      (read) => read.status === 200,
    );
    const stream = await SseClient.open(`${server.url}${P}/stream`, KEYS.viewer);
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor((m) => m.event === 'progress');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await expectPost(server, `${P}/markets`, { market: 'IN', targetRegion: 'us-east', usersInScope: 10 });
      const update = await stream.waitFor(
        (m) => m.event === 'progress-changes' && m.data.markets.length === 1,
      );
      expect(update.data.changedMarkets).toEqual(['IN']);
    } finally {
      stream.close();
    }
  });

  it('closes connections beyond MAX_CONNECTIONS as they arrive', async () => {
    const held = await Promise.all(Array.from({ length: 8 }, () => RawClient.open(server.url)));
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const extra = await RawClient.open(server.url);
      extra.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      await extra.closed(2_000);
      expect(extra.received).toBe('');
      extra.destroy();
    } finally {
      for (const client of held) client.destroy();
    }
    // Once they are gone, connections are served again.
    await eventually(
      () => server.get('/health', { key: null }).catch(() => ({ status: 0 })),
      (answer) => answer.status === 200,
    );
  });
});

describe('the HTTP edge: live stream cap per key', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ env: { SSE_MAX_STREAMS_PER_KEY: '3' } });
    await expectPost(server, '/programs', programBody('edge', { deadline: '2099-12-31T23:59:59Z' }));
    await eventually(
      () => server.get(`${P}/progress`, { key: 'viewer' }),
      (read) => read.status === 200,
    );
  });

  afterAll(() => server.stop());

  it('answers 429 with Retry-After to the stream beyond the cap, counts per key, and frees a slot on close', async () => {
    const streams = await Promise.all(
      [1, 2, 3].map(() => SseClient.open(`${server.url}${P}/stream`, KEYS.viewer)),
    );
    try {
      expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
      const refused = await checkedFetch(`${server.url}${P}/stream`, {
        headers: { authorization: `Bearer ${KEYS.viewer}`, accept: 'text/event-stream' },
      });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await refused.json()) as any;
      errorShape(body);
      expect(body.error).toBe('too_many_requests');

      // Another key has its own streams.
      const other = await SseClient.open(`${server.url}${P}/stream`, KEYS.auditor);
      expect(other.status).toBe(200);
      other.close();

      streams.pop()!.close();
      const again = await eventually(
        async () => {
          const client = await SseClient.open(`${server.url}${P}/stream`, KEYS.viewer);
          if (client.status !== 200) client.close();
          return client;
        },
        (client) => client.status === 200,
        5_000,
      );
      streams.push(again);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});

describe('the HTTP edge: rate limits', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({
      env: {
        AUTH_FAILURES_PER_MINUTE: '20',
        COSTLY_REQUESTS_PER_MINUTE: '5',
        METRICS_TOKEN: 'scrape-token-1',
      },
    });
    await expectPost(server, '/programs', programBody('edge', { deadline: '2099-12-31T23:59:59Z' }));
  });

  afterAll(() => server.stop());

  it('answers 429 with Retry-After after 20 unknown keys from one address, also to a right key then', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push((await server.get('/programs', { rawKey: `wrong-key-${i}` })).status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));
    const limited = await server.get('/programs', { rawKey: 'wrong-key-again' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    errorShape(limited.body);
    expect(limited.body.error).toBe('too_many_requests');
    // Valid keys still work: the limit is on guesses, and one does not lock the address's real users out.
    expect((await server.get('/programs', { key: 'viewer' })).status).toBe(200);
    // No key at all is no guess: 401, not counted.
    expect((await server.get('/programs', { key: null })).status).toBe(401);
  });

  it('limits each costly route per key, leaving other routes and other keys alone', async () => {
    const verify = [];
    for (let i = 0; i < 6; i++) verify.push(await server.get('/audit/verify', { key: 'auditor' }));
    expect(verify.slice(0, 5).map((a) => a.status)).not.toContain(429);
    expect(verify[5].status).toBe(429);
    expect(Number(verify[5].headers.get('retry-after'))).toBeGreaterThan(0);
    errorShape(verify[5].body);

    expect((await server.get('/audit/verify', { key: 'operator' })).status).not.toBe(429);
    expect((await server.get(`${P}/progress`, { key: 'auditor' })).status).not.toBe(429);
    const asOf = [];
    for (let i = 0; i < 6; i++) {
      asOf.push((await server.get(`${P}/progress?asOf=2099-01-01T00:00:00Z`, { key: 'auditor' })).status);
    }
    expect(asOf[5]).toBe(429);
    expect(asOf.slice(0, 5)).not.toContain(429);
    // Without ?asOf= the progress route reads the read models: not limited.
    for (let i = 0; i < 6; i++) {
      expect((await server.get(`${P}/progress`, { key: 'auditor' })).status).not.toBe(429);
    }
  });

  it('keeps /metrics behind METRICS_TOKEN when set, and the token is not counted as a guessed key', async () => {
    const open = await server.get('/metrics', { key: null });
    expect(open.status).toBe(401);
    errorShape(open.body);
    expect((await server.get('/metrics', { rawKey: KEYS.operator })).status).toBe(401);
    for (let i = 0; i < 25; i++) {
      expect((await server.get('/metrics', { rawKey: 'scrape-token-1' })).status).toBe(200);
    }
  });
});

describe('the HTTP edge: bodies and headers', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
    await expectPost(server, '/programs', programBody('edge', { deadline: '2099-12-31T23:59:59Z' }));
  });

  afterAll(() => server.stop());

  it('answers 400 to JSON nested 3,000 deep in under 64 KB, not 500', async () => {
    const body = `{"users": ${'['.repeat(3000)}${']'.repeat(3000)}}`;
    const answer = await server.post(`${P}/markets`, body);
    expect(answer.status).toBe(400);
    errorShape(answer.body);
    expect(answer.body.error).toBe('json_too_deep');
    // Ordinary bodies still parse, and malformed ones are still malformed_json.
    expect((await server.post(`${P}/markets`, '{"market": ')).body.error).toBe('malformed_json');
    expect(
      (await server.post(`${P}/markets`, { market: 'IN', targetRegion: 'us-east', usersInScope: 10 })).status,
    ).toBe(201);
  });

  it('lets Node fetch sending 1 MB receive the 413 JSON answer', async () => {
    const response = await checkedFetch(`${server.url}${P}/markets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ market: 'SG', note: 'x'.repeat(1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as any;
    errorShape(body);
    expect(body.error).toBe('payload_too_large');
  });

  it('reads an oversize body to its end before the 413, so a client still sending is not cut off', async () => {
    const client = await RawClient.open(server.url);
    const total = 1024 * 1024;
    client.socket.write(
      `POST ${P}/markets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.operator}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${total}\r\n\r\n`,
    );
    // 32 KiB every 5 ms, as a client on a slower link would: the answer must wait for the last byte.
    let sent = 0;
    const chunk = Buffer.alloc(32 * 1024, 0x20);
    while (sent < total && client.closedAt === undefined) {
      client.socket.write(chunk);
      sent += chunk.length;
      if (sent < total) expect(client.received).toBe('');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(sent).toBe(total);
    const answer = await eventually(
      async () => client.received,
      (text) => text.includes('\r\n\r\n{'),
    );
    client.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as unknown;
    errorShape(body);
    expect(body).toMatchObject({ error: 'payload_too_large', details: { limitBytes: 65536 } });
  });

  it('answers 413 at once to a body announced beyond BODY_DISCARD_LIMIT_BYTES (4 MiB): no point reading it', async () => {
    const client = await RawClient.open(server.url);
    client.socket.write(
      `POST ${P}/markets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.operator}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n{`,
    );
    const answer = await eventually(
      async () => client.received,
      (text) => text.includes('\r\n\r\n{'),
      2_000,
    );
    client.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toContain('"payload_too_large"');
  });

  it.each(['/', '/docs', '/programs', '/health'])('sends the security headers on %s', async (path) => {
    const response = await checkedFetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${KEYS.viewer}` },
    });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('allows inline styles on /docs alone', async () => {
    const docs = (await checkedFetch(`${server.url}/docs`)).headers.get('content-security-policy') ?? '';
    const api = (await checkedFetch(`${server.url}/health`)).headers.get('content-security-policy') ?? '';
    expect(docs).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(api).toMatch(/style-src 'self'(;|$)/);
  });
});
