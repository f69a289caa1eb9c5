/**
 * A real HTTP server standing in for the Flawless server: records every report POSTed to
 * `/api/v1/errors`, and can be told to fail, hang or stop listening.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorReport } from '@flawless/protocol';

/** How the server answers. */
export type Mode = 'ok' | 'fail' | 'hang' | { status: number };

/** One request as the server saw it. */
export interface SeenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  reports: ErrorReport[];
}

export class CaptureServer {
  readonly requests: SeenRequest[] = [];
  mode: Mode = 'ok';
  private port = 0;
  private readonly sockets = new Set<import('node:net').Socket>();
  private server: http.Server;

  private constructor() {
    this.server = this.makeServer();
  }

  /** Starts a server on a free port of 127.0.0.1. */
  static async start(): Promise<CaptureServer> {
    const s = new CaptureServer();
    await s.listen();
    return s;
  }

  /** `127.0.0.1:<port>`, what a client's `servers` option takes. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Every report received, across requests, deduplicated by `report_id`. */
  get reports(): ErrorReport[] {
    const seen = new Set<string>();
    const out: ErrorReport[] = [];
    for (const r of this.requests.flatMap((q) => q.reports)) {
      if (r.report_id !== undefined && seen.has(r.report_id)) continue;
      if (r.report_id !== undefined) seen.add(r.report_id);
      out.push(r);
    }
    return out;
  }

  /** The occurrences the reports stand for (the server's count). */
  get total(): number {
    return this.reports.reduce((n, r) => n + (r.error_count ?? 1), 0);
  }

  /** Resolves once `predicate` holds, rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('capture server: timed out waiting');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Stops listening (connections are refused) and cuts open connections. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async restart(): Promise<void> {
    this.server = this.makeServer();
    await this.listen();
  }

  private makeServer(): http.Server {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const mode = this.mode;
        if (mode === 'hang') return;
        if (mode === 'fail') {
          res.writeHead(503).end();
          return;
        }
        if (typeof mode === 'object') {
          res.writeHead(mode.status).end();
          return;
        }
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        this.requests.push({
          path: req.url ?? '',
          headers: req.headers,
          reports: Array.isArray(body) ? body : [body as ErrorReport],
        });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  private listen(): Promise<void> {
    return new Promise((resolve) => {
      this.server.listen(this.port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }
}
