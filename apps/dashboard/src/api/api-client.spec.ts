import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, ApiError, UnauthorizedError } from './api-client';

/**
 * The dashboard's client against a small HTTP server standing in for the API: answers are read, failures
 * typed, and aborting a load cancels the request itself, which the server sees as a connection closed before
 * its answer.
 */
describe('ApiClient', () => {
  let server: Server;
  let origin: string;
  const seen: IncomingMessage[] = [];
  /** Requests the server held and whose client went away before the answer. */
  const cancelled: string[] = [];
  let client: ApiClient;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request);
      const json = (status: number, body: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (request.url === '/programs') return json(200, { programs: [] });
      if (request.url === '/programs/denied/progress')
        return json(401, { error: 'unauthorized', message: 'key refused', details: {} });
      if (request.url === '/programs/gone/progress')
        return json(404, { error: 'program_not_found', message: 'no program gone', details: {} });
      // Anything else is held: only the client can end it, by going away.
      response.on('close', () => {
        if (!response.writableEnded) cancelled.push(request.url ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new ApiClient('key-1', origin);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads an answer, sending the key', async () => {
    expect(await client.programs()).toEqual({ programs: [] });
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer key-1');
  });

  it('raises UnauthorizedError on a 401 and ApiError with the server message otherwise', async () => {
    await expect(client.programProgress('denied')).rejects.toBeInstanceOf(UnauthorizedError);
    const failure = client.programProgress('gone');
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 404, message: 'no program gone' });
  });

  it.each([
    ['programProgress', (c: ApiClient, s: AbortSignal) => c.programProgress('held', undefined, s)],
    ['marketProgress', (c: ApiClient, s: AbortSignal) => c.marketProgress('held', 'IN', undefined, s)],
    ['marketSeries', (c: ApiClient, s: AbortSignal) => c.marketSeries('held', 'IN', s)],
    ['timeline', (c: ApiClient, s: AbortSignal) => c.timeline('held', { limit: 5 }, s)],
  ])('%s: aborting the signal cancels the request on the wire', async (name, read) => {
    const load = new AbortController();
    const before = seen.length;
    const pending = read(client, load.signal);
    for (let i = 0; seen.length === before && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
    expect(seen.length).toBe(before + 1);
    load.abort();
    const outcome = await Promise.race([
      pending.then(
        () => 'answered',
        (error: Error) => error.name,
      ),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000)),
    ]);
    expect(outcome).toBe('AbortError');
    const url = seen.at(-1)?.url ?? '';
    for (let i = 0; !cancelled.includes(url) && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
    expect(cancelled).toContain(url);
  });
});
