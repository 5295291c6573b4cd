import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered (0: it never answered). */
  answered: number;
}

/**
 * A webhook receiver on loopback for tests and the benchmark: records every request, and answers with what
 * `respond` says (a status, after an optional delay; `hang` never answers).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  respond: (request: ReceivedWebhook) => { status: number; delayMs?: number } | 'hang' = () => ({
    status: 204,
  });
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const entry: ReceivedWebhook = {
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
          answered: 0,
        };
        this.received.push(entry);
        const answer = this.respond(entry);
        if (answer === 'hang') return;
        setTimeout(() => {
          entry.answered = answer.status;
          response.writeHead(answer.status).end();
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  /** Bodies parsed as JSON, with their webhook-id. */
  messages(): { id: string; type: string; data: Record<string, any> }[] {
    return this.received.map((entry) => {
      const body = JSON.parse(entry.body) as { type: string; data: Record<string, any> };
      return { id: String(entry.headers['webhook-id']), type: body.type, data: body.data };
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
