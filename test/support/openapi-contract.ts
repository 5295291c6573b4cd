import {
  OpenAPIRouter,
  OpenAPIValidator,
  SetMatchType,
  type Document,
  type Operation,
} from 'openapi-backend';
import type Ajv from 'ajv';
import { appendFileSync } from 'node:fs';

/** RFC 3339 full-date and date-time, the formats of the document (checked by shape). */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Paths a server answers outside the document's operations that are not the API (the OpenAPI UI's files). */
const OUTSIDE_DOCUMENT = /^\/docs\/./;

export interface ContractAnswer {
  method: string;
  /** Path with its query string, as requested. */
  path: string;
  status: number;
  headers: Headers;
  /** The body's text, or undefined when it was read as bytes (only status and content type are checked). */
  text?: string;
}

/**
 * The document with every local `$ref` replaced by what it points at (shared objects, so a cycle stays a cycle:
 * the validator breaks those itself). Done here because openapi-backend's own `init()` loads its ref parser with
 * a dynamic import, which Jest's CommonJS runtime refuses.
 */
function dereference(document: Document): Document {
  const resolved = new Map<string, unknown>();
  const at = (ref: string): unknown =>
    ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (node, part) => (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')],
        document,
      );
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      if (!resolved.has(ref)) {
        const target: Record<string, unknown> = {};
        resolved.set(ref, target);
        Object.assign(target, walk(at(ref)));
      }
      return resolved.get(ref);
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
  };
  return walk(document) as Document;
}

function mediaType(value: string | null | undefined): string {
  return (value ?? '').split(';')[0].trim().toLowerCase();
}

function isJson(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

/** Whether an answer with this Content-Type has a JSON body (read as text for the check). */
export function isJsonAnswer(contentType: string | null | undefined): boolean {
  return isJson(mediaType(contentType));
}

/**
 * The server's OpenAPI document as a response validator (openapi-backend): every answer must have a status the
 * operation lists, a content type it declares for that status, the headers it marks required, and (for JSON)
 * a body its schema accepts. `check` returns what is wrong, or undefined when the answer matches.
 */
export class OpenApiContract {
  private constructor(
    private readonly router: OpenAPIRouter,
    private readonly validator: OpenAPIValidator,
    private readonly unchecked: ReadonlySet<string>,
  ) {}

  /** `unchecked`: operation ids whose answers are let through unchecked (see test-server.ts for why). */
  static async load(baseUrl: string, unchecked: ReadonlySet<string> = new Set()): Promise<OpenApiContract> {
    const response = await fetch(`${baseUrl}/docs-json`);
    if (response.status !== 200) throw new Error(`GET /docs-json answered ${response.status}`);
    const definition = dereference((await response.json()) as Document);
    const router = new OpenAPIRouter({ definition });
    const validator = new OpenAPIValidator({
      definition,
      router,
      lazyCompileValidators: true,
      ajvOpts: { strict: false, allErrors: true },
      customizeAjv: (ajv: Ajv) => ajv.addFormat('date-time', DATE_TIME).addFormat('date', DATE),
    });
    return new OpenApiContract(router, validator, unchecked);
  }

  check(answer: ContractAnswer): string | undefined {
    const url = new URL(answer.path, 'http://contract.invalid');
    const query = Object.fromEntries(url.searchParams.entries());
    const method = answer.method.toLowerCase();
    if (method === 'head' || method === 'options') return undefined;
    const operation = this.router.matchOperation({ method, path: url.pathname, headers: {}, query });
    if (!operation) {
      if (OUTSIDE_DOCUMENT.test(url.pathname)) return undefined;
      // A path no operation has: the API's JSON 404 (or 405) is the only right answer.
      if (answer.status === 404 || answer.status === 405) return undefined;
      return `${answer.method} ${url.pathname} is in no operation of the document, yet answered ${answer.status}`;
    }
    if (this.unchecked.has(operation.operationId ?? '')) return undefined;
    return this.checkOperation(operation, answer);
  }

  private checkOperation(operation: Operation, answer: ContractAnswer): string | undefined {
    const name = `${answer.method.toUpperCase()} ${operation.path} (${operation.operationId})`;
    const responses = (operation.responses ?? {}) as Record<string, Record<string, unknown>>;
    const declared =
      responses[String(answer.status)] ?? responses[`${String(answer.status)[0]}XX`] ?? responses.default;
    if (!declared) {
      return `${name} answered ${answer.status}, a status the document does not list (it lists ${Object.keys(responses).join(', ')})`;
    }
    const content = (declared.content ?? {}) as Record<string, unknown>;
    const type = mediaType(answer.headers.get('content-type'));
    const hasBody =
      answer.status !== 204 && answer.status !== 304 && (answer.text === undefined || answer.text !== '');
    if (hasBody && Object.keys(content).length === 0)
      return `${name} answered ${answer.status} with a ${type || 'typeless'} body the document does not declare`;
    if (hasBody && !Object.keys(content).some((declaredType) => mediaType(declaredType) === type))
      return `${name} answered ${answer.status} as ${type || 'no content type'}, not ${Object.keys(content).join(' or ')}`;
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, key) => (headers[key] = value));
    const headerCheck = this.validator.validateResponseHeaders(headers, operation, {
      statusCode: answer.status,
      setMatchType: SetMatchType.Superset,
    });
    if (!headerCheck.valid)
      return `${name} answered ${answer.status} with headers the document refuses: ${JSON.stringify(headerCheck.errors)}`;
    if (!hasBody || !isJson(type) || answer.text === undefined) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return `${name} answered ${answer.status} as ${type} with a body that is not JSON`;
    }
    const result = this.validator.validateResponse(body, operation, answer.status);
    if (result.valid) return undefined;
    const errors = (result.errors ?? [])
      .slice(0, 5)
      .map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`)
      .join('; ');
    return `${name} answered ${answer.status} with a body the document refuses: ${errors}`;
  }
}

/**
 * The document, loaded once per test file (Jest gives each file its own modules) from the first server asked:
 * every server a file starts runs the same code, so the same document (and its compiled validators) serves all.
 */
let contract: Promise<OpenApiContract> | undefined;

function contractOf(url: string, unchecked?: ReadonlySet<string>): Promise<OpenApiContract> {
  contract ??= OpenApiContract.load(new URL(url).origin, unchecked).catch((error: unknown) => {
    contract = undefined;
    throw error;
  });
  return contract;
}

/**
 * What is wrong with an answer of the server at `url` by its OpenAPI document, or undefined when it matches.
 * `OPENAPI_CONTRACT_LOG=<file>` records every check there (OK or MISMATCH) and reports none: for counting.
 */
export async function contractProblem(
  url: string,
  answer: ContractAnswer,
  unchecked?: ReadonlySet<string>,
): Promise<string | undefined> {
  const problem = (await contractOf(url, unchecked)).check(answer);
  if (!process.env.OPENAPI_CONTRACT_LOG) return problem;
  const line = problem
    ? `MISMATCH ${problem}`
    : `OK ${answer.method} ${answer.path.split('?')[0]} ${answer.status}`;
  appendFileSync(process.env.OPENAPI_CONTRACT_LOG, `${line}\n`);
  return undefined;
}
