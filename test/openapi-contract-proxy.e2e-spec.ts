import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkedFetch } from './support/checked-fetch';
import { ContractProxy } from './support/contract-proxy';
import { KEYS, TestServer } from './support/test-server';

/**
 * The proxy the CLI suites put between the CLI and the server: answers pass unchanged, and each is checked
 * against the document. Checked both ways: a real server's answers pass, a server that breaks the document is
 * caught (status, body, content type).
 */
describe('the contract-checking proxy', () => {
  let server: TestServer;
  let proxy: ContractProxy;
  const auditor = { authorization: `Bearer ${KEYS.auditor}` };

  beforeAll(async () => {
    server = await TestServer.start();
    proxy = await ContractProxy.start(server.url);
  });
  afterAll(async () => {
    await proxy.stop();
    await server.stop();
  });

  it("passes a real server's answers through unchanged and finds nothing wrong with them", async () => {
    const direct = await server.get('/programs');
    const through = await fetch(`${proxy.url}/programs`, { headers: auditor });
    expect(through.status).toBe(200);
    expect(await through.text()).toBe(direct.text);
    const unauthorised = await fetch(`${proxy.url}/programs`);
    expect(unauthorised.status).toBe(401);
    await unauthorised.text();
    const bundle = await fetch(`${proxy.url}/audit/bundle`, { headers: auditor });
    const bytes = Buffer.from(await bundle.arrayBuffer());
    expect(bundle.headers.get('content-type')).toContain('application/x-tar');
    expect(bytes.length % 512).toBe(0);
    expect(await proxy.mismatches()).toEqual([]);
    expect(proxy.checked).toBe(3);
  });

  describe('in front of a server that breaks the document', () => {
    let liar: Server;
    let liarUrl: string;
    let liarProxy: ContractProxy;

    beforeAll(async () => {
      const document = await (await fetch(`${server.url}/docs-json`)).text();
      liar = createServer((request, response) => {
        const json = (status: number, body: unknown) =>
          response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (request.url === '/docs-json')
          return response.writeHead(200, { 'content-type': 'application/json' }).end(document);
        if (request.url === '/programs') return json(200, { programs: 'not a list' });
        if (request.url === '/programs/p-1/progress') return json(418, { error: 'teapot' });
        if (request.url === '/health')
          return response.writeHead(200, { 'content-type': 'text/html' }).end('<p>');
        return json(404, { error: 'not_found', message: 'no', details: {} });
      });
      await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
      liarUrl = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
      liarProxy = await ContractProxy.start(liarUrl);
    });
    afterAll(async () => {
      await liarProxy.stop();
      await new Promise((resolve) => liar.close(resolve));
    });

    it('reports a body its schema refuses, a status it does not list and a content type it does not declare', async () => {
      for (const path of ['/programs', '/programs/p-1/progress', '/health'])
        await (await fetch(`${liarProxy.url}${path}`, { headers: auditor })).text();
      const found = await liarProxy.mismatches();
      expect(found).toHaveLength(3);
      expect(found.find((problem) => problem.startsWith('GET /programs ('))).toMatch(
        /body the document refuses: \/programs must be array/,
      );
      expect(found.find((problem) => problem.includes('/progress'))).toMatch(/answered 418, a status/);
      expect(found.find((problem) => problem.startsWith('GET /health'))).toMatch(/as text\/html, not/);
      expect(await liarProxy.mismatches()).toEqual([]);
    });

    it('checkedFetch refuses the same answers, and returns a right one unread', async () => {
      await expect(checkedFetch(`${liarUrl}/programs`, { headers: auditor })).rejects.toThrow(
        /OpenAPI mismatch: GET \/programs .*must be array/,
      );
      await expect(checkedFetch(`${liarUrl}/programs/p-1/progress`)).rejects.toThrow(/answered 418/);
      const right = await checkedFetch(`${server.url}/programs`, { headers: auditor });
      expect(((await right.json()) as { programs: unknown[] }).programs).toEqual([]);
    });
  });
});
