/**
 * Starts the example apps and prints their URLs as one JSON line. The Flawless server is
 * taken from FLAWLESS_SERVERS (e.g. `localhost:8080`); PORT (default 3000) is the Express
 * port, the others follow it (0: any free ports).
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as flawless from '@flawless/client';
import { expressApp, fastifyApp, httpApp, koaApp } from './apps';

flawless.init({ debug: true });
flawless.installGlobalHandlers();

async function listen(server: http.Server, port: number): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main(): Promise<void> {
  const base = Number(process.env['PORT'] ?? 3000);
  const port = (offset: number) => (base === 0 ? 0 : base + offset);
  const urls = {
    express: await listen(expressApp(), port(0)),
    koa: await listen(koaApp(), port(1)),
    fastify: await listen(await fastifyApp(), port(2)),
    http: await listen(httpApp(), port(3)),
  };
  console.log(JSON.stringify(urls));
}

void main();
