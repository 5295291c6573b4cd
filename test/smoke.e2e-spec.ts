import { TestServer } from './support/test-server';

describe('smoke', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.stop());

  it('creates a program and enrols a market', async () => {
    const created = await server.post('/programs', {
      programId: 'intl-2014',
      name: 'International relocation 2014',
      sourceRegion: 'cn-north',
      deadline: '2014-10-31T23:59:59+08:00',
      timeZone: 'Asia/Singapore',
      dataCategories: ['contacts'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      streamId: 'program-intl-2014',
      revision: 0,
      position: expect.any(Number),
    });
    const market = await server.post('/programs/intl-2014/markets', {
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 620000,
    });
    expect(market.status).toBe(201);
    const start = await server.post('/programs/intl-2014/markets/IN/start');
    expect(start.status).toBe(201);
    const events = await server.allEvents();
    expect(events.map((e) => e.type)).toEqual(['ProgramCreated', 'MarketEnrolled', 'MigrationStarted']);
    const health = await server.get('/health', { key: null });
    expect(health.status).toBe(200);
    const docs = await server.get('/docs-json', { key: null });
    expect(docs.status).toBe(200);
  });
});
