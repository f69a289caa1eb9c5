/** The same two routes in Express, Koa, Fastify and plain node:http, each reporting to Flawless. */
import http from 'node:http';
import * as flawless from '@flawless/client';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { Inventory, parseQuantity } from './inventory';
import { placeOrder } from './orders';

const inventory = new Inventory();

/** Express: routes first, then Flawless's error handler (the default 500 page is unchanged). */
export function expressApp(): http.Server {
  const app = express();
  app.get('/orders/:id', async (req, res) => {
    res.json({ total: await placeOrder(Number(req.params.id), 'Ada') });
  });
  app.get('/reserve/:sku/:quantity', (req, res) => {
    res.json({ left: inventory.reserve(req.params.sku, parseQuantity(req.params.quantity)) });
  });
  app.use(flawless.expressErrorHandler());
  return http.createServer(app);
}

/** Koa: Flawless's middleware first, so it sees the errors of everything after it. */
export function koaApp(): http.Server {
  const app = new Koa();
  app.silent = true;
  app.use(flawless.koa());
  app.use(async (ctx) => {
    const match = /^\/orders\/(\d+)$/.exec(ctx.path);
    if (match === null) {
      ctx.status = 404;
      return;
    }
    ctx.body = { total: await placeOrder(Number(match[1]), 'Koa') };
  });
  return http.createServer(app.callback());
}

/** Fastify: the plugin's onError hook covers every route. */
export async function fastifyApp(): Promise<http.Server> {
  const app = Fastify();
  await app.register(flawless.fastifyPlugin);
  app.get<{ Params: { id: string } }>('/orders/:id', async (req) => ({
    total: await placeOrder(Number(req.params.id), 'Fastify'),
  }));
  await app.ready();
  return app.server;
}

/** Plain node:http: the request listener wrapped. */
export function httpApp(): http.Server {
  return http.createServer(
    flawless.wrapHttpHandler(async (req, res) => {
      try {
        const total = await placeOrder(Number(req.url?.split('/')[2]), 'http');
        res.end(JSON.stringify({ total }));
      } catch (err) {
        res.writeHead(500).end('failed');
        throw err;
      }
    }),
  );
}
