import { TestServer } from './support/test-server';

const CONTRACT_WRITES = [
  '/programs',
  '/programs/{programId}/deadline',
  '/programs/{programId}/markets',
  '/programs/{programId}/markets/{market}/scope',
  ...['start', 'pause', 'resume', 'cutover', 'purge', 'complete'].map(
    (s) => `/programs/{programId}/markets/{market}/${s}`,
  ),
  ...['copied', 'verified', 'failed'].map(
    (s) => `/programs/{programId}/markets/{market}/batches/{batchId}/${s}`,
  ),
];

describe('API surface', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.stop());

  it('documents every write of the contract in OpenAPI, with bearer auth', async () => {
    const docs = await server.get('/docs-json', { key: null });
    expect(docs.status).toBe(200);
    for (const path of CONTRACT_WRITES) expect(docs.body.paths[path]?.post).toBeDefined();
    expect(docs.body.paths['/events'].get).toBeDefined();
    expect(docs.body.paths['/programs/{programId}/markets/{market}/events'].get).toBeDefined();
    expect(docs.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves the OpenAPI UI at /docs', async () => {
    const ui = await server.get('/docs', { key: null });
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('reports health without a key', async () => {
    const health = await server.get('/health', { key: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
  });

  it('answers an unknown route with the JSON error shape', async () => {
    const answer = await server.get('/nowhere');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: 'not_found', message: expect.stringContaining('/nowhere') });
  });
});
