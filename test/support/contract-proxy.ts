import {
  createServer,
  request as forward,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { contractProblem, isJsonAnswer } from './openapi-contract';

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/**
 * An HTTP proxy in front of a tracker that a test does not call itself (the CLI's child process, a spawned
 * server): every answer passes through unchanged, as it streams, and is checked against the server's OpenAPI
 * document once it has ended. A suite points its client at `url` and asks `mismatches()` after each test.
 */
export class ContractProxy {
  private readonly pending = new Set<Promise<void>>();
  private problems: string[] = [];
  /** How many answers were checked (a suite can show that its traffic really went through). */
  checked = 0;

  readonly url: string;

  private constructor(
    private readonly server: Server,
    private readonly target: string | (() => string),
  ) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('request', (incoming: IncomingMessage, outgoing: ServerResponse) =>
      this.pass(incoming, outgoing),
    );
  }

  /** `target`: the server's URL, or a function giving it (a suite that restarts its server on a new port). */
  static async start(target: string | (() => string)): Promise<ContractProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ContractProxy(server, target);
  }

  /** Forwards one request and streams its answer back, keeping a JSON body's text for the check. */
  private pass(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const origin = typeof this.target === 'string' ? this.target : this.target();
    const upstream = new URL(origin);
    const path = incoming.url ?? '/';
    const method = incoming.method ?? 'GET';
    const onward = forward(
      { host: upstream.hostname, port: upstream.port, method, path, headers: { ...incoming.headers } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        const headers = toHeaders(answer.headers);
        // A JSON body is kept for the check; others (tar, NDJSON, SSE) are checked by status and headers only.
        const readText = isJsonAnswer(headers.get('content-type'));
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => {
          if (readText) chunks.push(chunk);
          outgoing.write(chunk);
        });
        answer.on('end', () => {
          outgoing.end();
          const text = readText ? Buffer.concat(chunks).toString('utf8') : undefined;
          this.check(origin, { method, path, status: answer.statusCode ?? 0, headers, text });
        });
        answer.on('error', () => outgoing.destroy());
      },
    );
    onward.on('error', () => outgoing.destroy());
    outgoing.on('close', () => onward.destroy());
    incoming.pipe(onward);
  }

  private check(target: string, answer: Parameters<typeof contractProblem>[1]): void {
    const done = contractProblem(target, answer)
      .then((problem) => {
        this.checked += 1;
        if (problem) this.problems.push(problem);
      })
      .catch((error: unknown) => {
        this.problems.push(`${answer.method} ${answer.path}: not checked (${String(error)})`);
      })
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** The answers that did not match the document since the last call (each check finished first). */
  async mismatches(): Promise<string[]> {
    while (this.pending.size) await Promise.all([...this.pending]);
    const found = this.problems;
    this.problems = [];
    return found;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
