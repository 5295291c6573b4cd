import { createServer, request, type ClientRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain HTTP proxy with a fixed address in front of a TestServer. The browser keeps one origin (and so its
 * sessionStorage) while the server behind restarts on a new port; `cut()` drops every open connection, as a
 * network failure would, and refuses new ones until `up()`.
 */
export class BrowserProxy {
  url = '';
  private down = false;
  private readonly open = new Set<{ upstream: ClientRequest; response: ServerResponse }>();
  private readonly server: Server;

  private constructor(private target: URL) {
    this.server = createServer((incoming, response) => {
      if (this.down) return void incoming.socket.destroy();
      const upstream = request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: this.target.host },
          agent: false,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      const connection = { upstream, response };
      this.open.add(connection);
      const forget = () => {
        this.open.delete(connection);
        upstream.destroy();
      };
      response.on('close', forget);
      upstream.on('error', () => response.destroy());
      incoming.pipe(upstream);
    });
  }

  static async start(target: string): Promise<BrowserProxy> {
    const proxy = new BrowserProxy(new URL(target));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  cut(): void {
    this.down = true;
    for (const { upstream, response } of this.open) {
      upstream.destroy();
      response.destroy();
    }
    this.open.clear();
    this.server.closeAllConnections();
  }

  up(target: string): void {
    this.target = new URL(target);
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
