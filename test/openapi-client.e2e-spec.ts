import { readFileSync } from 'node:fs';
import { createTrackerClient } from '@app/api-client';
import { REGENERATE_COMMAND, renderSchema, SCHEMA_FILE } from '../libs/api-client/generate-schema.main';
import { KEYS, TestServer } from './support/test-server';

/** The first line where two texts differ, with its number, to point at the drift. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((text, index) => text !== b[index]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at])}, generated ${JSON.stringify(b[at])}`;
}

describe('typed API client (libs/api-client)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.stop());

  it("is generated from the server's current OpenAPI document (a drift fails here: regenerate it)", async () => {
    const generated = await renderSchema((await server.get('/docs-json', { key: null })).body);
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    if (generated !== committed) {
      throw new Error(
        `libs/api-client/src/schema.d.ts is not what the API's document generates (${firstDifference(committed, generated)}).\n` +
          `Regenerate it: ${REGENERATE_COMMAND}`,
      );
    }
  }, 120_000);

  it('sends the key, writes and reads typed answers, and hands back the error body', async () => {
    const api = createTrackerClient(`${server.url}/`, KEYS.operator);
    const created = await api.POST('/programs', {
      body: {
        programId: 'typed',
        name: 'Typed client',
        sourceRegion: 'cn-north',
        deadline: '2014-10-31T23:59:59+08:00',
        dataCategories: ['contacts'],
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ streamId: 'program-typed', revision: 0 });

    const viewer = createTrackerClient(server.url, KEYS.viewer);
    const list = await viewer.GET('/programs', {
      params: { query: { minPosition: created.data!.position } },
    });
    expect(list.data?.programs.map((program) => program.programId)).toEqual(['typed']);

    const refused = await viewer.POST('/programs', {
      body: {
        programId: 'x',
        name: 'x',
        sourceRegion: 'x',
        deadline: '2014-10-31T00:00:00Z',
        dataCategories: [],
      },
    });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ error: 'forbidden' });

    const anonymous = await createTrackerClient(server.url, undefined).GET('/programs');
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.error?.error).toBe('unauthorized');
  });
});
