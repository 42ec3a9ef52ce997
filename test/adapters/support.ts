/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port) for the adapter tests: each request's
 * method, path, headers and raw body are kept, and a test-supplied function answers.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Answer = (request: Received, response: ServerResponse, n: number) => void | Promise<void>;

export class LocalServer {
  readonly received: Received[] = [];
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private answer: Answer,
  ) {}

  static async start(answer: Answer = (_r, res) => json(res, 200, {})): Promise<LocalServer> {
    const holder: { self?: LocalServer } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        const self = holder.self!;
        self.received.push(received);
        Promise.resolve(self.answer(received, res, self.received.length)).catch(() => res.destroy());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.self = new LocalServer(server, `http://127.0.0.1:${port}`, answer);
    return holder.self;
  }

  respond(answer: Answer): void {
    this.answer = answer;
  }

  reset(answer?: Answer): void {
    this.received.length = 0;
    if (answer) this.answer = answer;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
