import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestServer } from './support/test-server';

const ROOT = join(__dirname, '..');
const run = promisify(execFile);

interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  requestBody?: { required?: boolean; content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<
    string,
    { content?: Record<string, { schema?: unknown }>; headers?: Record<string, unknown> }
  >;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    securitySchemes: Record<string, Record<string, unknown>>;
  };
};

function operations(document: Document): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(
      ([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Operation],
    ),
  );
}

/** The OpenAPI document a real server serves at /docs-json, checked by Redocly and by the rules of issue 15. */
describe('OpenAPI document', () => {
  let server: TestServer;
  let document: Document;
  let dir: string;

  beforeAll(async () => {
    server = await TestServer.start();
    document = (await server.get('/docs-json', { key: null })).body;
    dir = mkdtempSync(join(tmpdir(), 'tracker-openapi-'));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes Redocly's recommended rules with no error and no warning (redocly.yaml)", async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const lint = await run(
      join(ROOT, 'node_modules/.bin/redocly'),
      ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format=json'],
      {
        cwd: ROOT,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 32 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(lint.stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    const problems = report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('gives every operation a success answer with its content, and the shared error schema for every error', () => {
    const missing: string[] = [];
    for (const [name, operation] of operations(document)) {
      const success = Object.keys(operation.responses).filter((status) => /^2/.test(status));
      if (success.length === 0) missing.push(`${name}: no 2xx`);
      for (const status of success)
        if (!operation.responses[status].content) missing.push(`${name}: ${status} without content`);
      for (const [status, response] of Object.entries(operation.responses)) {
        // The dashboard page's 503 is a page too (it says the dashboard was not built).
        if (!/^[45]/.test(status) || response.content?.['text/html']) continue;
        const schema = response.content?.['application/json']?.schema as { $ref?: string } | undefined;
        if (schema?.$ref !== '#/components/schemas/ErrorBodyResponse')
          missing.push(`${name}: ${status} without the error schema`);
      }
    }
    expect(missing).toEqual([]);
    expect(document.components.schemas.ErrorBodyResponse).toMatchObject({
      required: expect.arrayContaining(['error', 'message', 'details']),
    });
  });

  it('says who may call what: an API key on every route that needs one (401), none on public routes', () => {
    expect(document.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(document.components.securitySchemes.bearer.bearerFormat).toBeUndefined();
    const wrong: string[] = [];
    for (const [name, operation] of operations(document)) {
      if (operation.security === undefined) wrong.push(`${name}: no security`);
      const needsKey = operation.security?.some((requirement) => 'bearer' in requirement) ?? false;
      if (needsKey && !operation.responses['401']) wrong.push(`${name}: needs a key, no 401`);
    }
    expect(wrong).toEqual([]);
    for (const publicRoute of ['GET /health', 'GET /audit/public-key', 'GET /', 'GET /docs-json'])
      expect([
        publicRoute,
        operations(document).find(([name]) => name === publicRoute)?.[1].security,
      ]).toEqual([publicRoute, []]);
  });

  it('refuses unknown fields in every body, and asks no body of the steps that carry nothing', () => {
    const open: string[] = [];
    const bodies = new Map<string, Operation['requestBody']>();
    for (const [name, operation] of operations(document)) {
      if (!operation.requestBody) continue;
      bodies.set(name, operation.requestBody);
      const ref = operation.requestBody.content['application/json'].schema.$ref ?? '';
      const schema = document.components.schemas[ref.split('/').pop() ?? ''];
      if (schema?.additionalProperties !== false) open.push(name);
    }
    expect(open).toEqual([]);
    for (const step of ['start', 'resume', 'cutover', 'complete'])
      expect([step, bodies.get(`POST /programs/{programId}/markets/{market}/${step}`)?.required]).toEqual([
        step,
        false,
      ]);
    expect(bodies.get('POST /programs')?.required).toBe(true);
  });

  it('types what it can: integers for counts, date-times for instants, enums for statuses, and the stream', () => {
    const schemas = document.components.schemas;
    const property = (schema: string, name: string) =>
      (schemas[schema].properties as Record<string, Record<string, unknown>>)[name];
    expect(property('WriteResultDto', 'revision').type).toBe('integer');
    expect(property('MarketProgressResponse', 'usersInScope').type).toBe('integer');
    expect(property('ProgramProgressResponse', 'deadline').format).toBe('date-time');
    expect(property('MarketProgressResponse', 'status').enum).toEqual(
      expect.arrayContaining(['on_track', 'at_risk', 'off_track']),
    );
    const stream = document.paths['/programs/{programId}/stream'].get.responses['200'].content ?? {};
    expect(Object.keys(stream)).toEqual(['text/event-stream']);
  });

  it('declares the headers the API sends: ETag on reads, Idempotent-Replayed on writes, Retry-After on 429', () => {
    const progress = document.paths['/programs/{programId}/progress'].get;
    expect(Object.keys(progress.responses['200'].headers ?? {})).toContain('ETag');
    expect(Object.keys(progress.responses).sort()).toEqual(['200', '304', '400', '401', '404', '429', '503']);
    const create = document.paths['/programs'].post;
    expect(Object.keys(create.responses['201'].headers ?? {})).toContain('Idempotent-Replayed');
    expect(Object.keys(create.responses['429'].headers ?? {})).toContain('Retry-After');
    expect(create.responses['422']).toBeDefined();
  });
});
