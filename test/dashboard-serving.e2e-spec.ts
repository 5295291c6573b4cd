import { TestServer } from './support/test-server';

describe('serving the dashboard next to the API', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(() => server.stop());

  it('serves the page at / without a key, always revalidated', async () => {
    const page = await server.get('/', { key: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.text).toContain('<main id="main"');
  });

  it('serves the hashed assets as immutable', async () => {
    const page = await server.get('/', { key: null });
    const assets = [...page.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const answer = await server.get(asset, { key: null });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });

  it('leaves the API alone: its routes still need a key and unknown paths get the JSON 404', async () => {
    expect((await server.get('/programs', { key: null })).status).toBe(401);
    expect((await server.get('/programs', { key: 'viewer' })).status).toBe(200);
    const unknown = await server.get('/no/such/path', { key: null });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not_found' });
    expect((await server.get('/assets/no-such-file.js', { key: null })).body).toMatchObject({
      error: 'not_found',
    });
  });
});
