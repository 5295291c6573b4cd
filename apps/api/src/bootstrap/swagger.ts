import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ERROR_ANSWERS } from '../errors/api-errors.decorator';

/** The API keys of operators, viewers and auditors (`@ApiBearerAuth()` names this scheme). */
export const API_KEY_SCHEME = 'bearer';
/** METRICS_TOKEN, asked by /metrics only when it is set. */
export const METRICS_TOKEN_SCHEME = 'metrics-token';

type Operations = OpenAPIObject['paths'][string];
type Operation = NonNullable<Operations['get']>;

const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorBodyResponse' };

/** Routes served outside Nest's controllers (Fastify routes, Swagger's own): public, no key. */
function routesOutsideControllers(): OpenAPIObject['paths'] {
  const tooMany = {
    description: ERROR_ANSWERS[429],
    content: { 'application/json': { schema: ERROR_SCHEMA } },
  };
  const html = (description: string) => ({
    description,
    content: { 'text/html': { schema: { type: 'string' } } },
  });
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: ERROR_SCHEMA } },
  });
  // Files are sent by @fastify/send, which honours conditional and range requests.
  const fileAnswers = (content: Record<string, { schema: { type: 'string' } }>) => ({
    206: { description: 'the part asked for with Range', content },
    304: { description: 'not modified (If-None-Match, If-Modified-Since)' },
    412: error('If-Match or If-Unmodified-Since not met (`precondition_failed`)'),
    416: error('Range not satisfiable (`range_not_satisfiable`)'),
  });
  const text = { schema: { type: 'string' as const } };
  const page = (operationId: string, summary: string, ok: string, extra: Operation['responses'] = {}) => ({
    get: {
      operationId,
      summary,
      tags: ['dashboard'],
      security: [],
      responses: { 200: html(ok), ...extra, 429: tooMany },
    },
  });
  return {
    '/': page('DashboardPage', 'The web dashboard (signs in with an API key of its own)', 'the page', {
      ...fileAnswers({ 'text/html': text }),
      503: html('the dashboard was not built (`npm run build:dashboard`); the API works without it'),
    }),
    '/assets/{asset}': {
      get: {
        operationId: 'DashboardAsset',
        summary: "The dashboard's scripts and styles (content-hashed names, cached for good)",
        tags: ['dashboard'],
        security: [],
        parameters: [{ name: 'asset', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: {
            description: 'the file',
            content: {
              'application/javascript': { schema: { type: 'string' } },
              'text/css': { schema: { type: 'string' } },
            },
          },
          ...fileAnswers({ 'application/javascript': text, 'text/css': text }),
          404: error('no such asset (`not_found`)'),
          429: tooMany,
        },
      },
    },
    '/docs': page('OpenApiUi', 'This document, browsable (Swagger UI)', 'the page'),
    '/docs-json': {
      get: {
        operationId: 'OpenApiDocument',
        summary: 'This document (OpenAPI 3.0, JSON)',
        tags: ['operations'],
        security: [],
        responses: {
          200: {
            description: 'the document',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          429: tooMany,
        },
      },
    },
  };
}

/**
 * What decorators cannot say: request bodies refuse unknown fields (the validation pipe whitelists), and an
 * operation with no security requirement is public, which OpenAPI wants said (`security: []`) rather than left
 * to a global default.
 */
function finish(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  for (const operations of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = operations[method];
      if (!operation) continue;
      operation.security ??= [];
      const body = operation.requestBody;
      const ref = body && 'content' in body ? body.content['application/json']?.schema : undefined;
      const name = ref && '$ref' in ref ? ref.$ref.split('/').pop() : undefined;
      const schema = name ? schemas[name] : undefined;
      if (schema && !('$ref' in schema)) schema.additionalProperties = false;
    }
  }
  Object.assign(document.paths, routesOutsideControllers());
  return document;
}

/** OpenAPI document at /docs-json and its UI at /docs. */
export function setupSwagger(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Migration tracker')
      .setDescription(
        'Event-sourced tracker of region-by-region user-data migrations against a deadline. ' +
          'Operators log steps; dashboards read progress; auditors replay and verify history. ' +
          'Errors are `{ error, message, details }` (schema ErrorBodyResponse), each response naming its codes.',
      )
      .setVersion('0.1.0')
      .setLicense('MIT', 'https://opensource.org/licenses/MIT')
      .addServer('/', 'this server')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          // An opaque API key (API_KEYS or the keys file), not a JWT: the builder's default format is wrong here.
          bearerFormat: undefined,
          description: 'API key of an operator, viewer or auditor: `Authorization: Bearer <key>`',
        },
        API_KEY_SCHEME,
      )
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', bearerFormat: undefined, description: 'METRICS_TOKEN, when set' },
        METRICS_TOKEN_SCHEME,
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, finish(document), { jsonDocumentUrl: 'docs-json' });
}
