import { OpenApiContract } from './support/openapi-contract';
import { TestServer } from './support/test-server';

/**
 * The response validation every e2e suite goes through (test-server.ts): what it lets pass and what it names.
 * Answers are real ones from a server, then altered the way a drifting API would alter them.
 */
describe('OpenAPI response validation', () => {
  let server: TestServer;
  let contract: OpenApiContract;

  beforeAll(async () => {
    server = await TestServer.start();
    contract = await OpenApiContract.load(server.url);
    await server.post('/programs', {
      programId: 'checked',
      name: 'Checked',
      sourceRegion: 'cn-north',
      deadline: '2014-10-31T23:59:59+08:00',
      dataCategories: ['contacts'],
    });
    await server.post('/programs/checked/markets', {
      market: 'IN',
      targetRegion: 'singapore',
      usersInScope: 10,
    });
  });
  afterAll(() => server.stop());

  async function answer(path: string) {
    const response = await fetch(`${server.url}${path}`, {
      headers: { authorization: 'Bearer test-auditor-key-0001' },
    });
    return {
      method: 'GET',
      path,
      status: response.status,
      headers: response.headers,
      text: await response.text(),
    };
  }

  it('accepts the answers the server gives', async () => {
    for (const path of [
      '/programs',
      '/programs/checked/progress',
      '/programs/checked/markets/IN/progress',
      '/health',
    ])
      expect([path, contract.check(await answer(path))]).toEqual([path, undefined]);
  });

  it('names the operation, the status and the schema error of a body that drifted', async () => {
    const real = await answer('/programs/checked/progress');
    const body = JSON.parse(real.text);
    const drifted = { ...body, totals: { ...body.totals, markets: '1' }, deadline: 'Friday' };
    const problem = contract.check({ ...real, text: JSON.stringify(drifted) });
    expect(problem).toContain(
      'GET /programs/{programId}/progress (ProgramProgressController_progress) answered 200',
    );
    expect(problem).toContain('/totals/markets must be integer');
    expect(problem).toContain('/deadline must match format "date-time"');
    const { riskiestMarket: _left, ...missing } = body;
    expect(contract.check({ ...real, text: JSON.stringify(missing) })).toContain(
      "must have required property 'riskiestMarket'",
    );
  });

  it('refuses a status the operation does not list, a content type it does not declare, and an undocumented route', async () => {
    const real = await answer('/programs');
    expect(contract.check({ ...real, status: 418 })).toContain(
      'answered 418, a status the document does not list',
    );
    const plain = new Headers(real.headers);
    plain.set('content-type', 'text/plain');
    expect(contract.check({ ...real, headers: plain })).toContain('as text/plain, not application/json');
    expect(contract.check({ ...real, path: '/nowhere' })).toContain(
      '/nowhere is in no operation of the document',
    );
    expect(contract.check({ ...real, path: '/nowhere', status: 404 })).toBeUndefined();
  });

  it('checks error bodies against the shared error schema', async () => {
    const refused = await fetch(`${server.url}/programs`);
    const real = {
      method: 'GET',
      path: '/programs',
      status: refused.status,
      headers: refused.headers,
      text: await refused.text(),
    };
    expect(real.status).toBe(401);
    expect(contract.check(real)).toBeUndefined();
    expect(
      contract.check({ ...real, text: JSON.stringify({ error: 'unauthorized', message: 'no key' }) }),
    ).toContain("must have required property 'details'");
  });
});
