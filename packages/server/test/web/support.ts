import { rmSync } from 'node:fs';
import pino from 'pino';
import { buildServer, type FlawlessServer, type ServerDeps } from '../../src/app';
import type { Config } from '../../src/config/definitions';
import { testConfig } from '../helpers/server';

export interface WebServer {
  server: FlawlessServer;
  url: string;
  config: Config;
  stop(): Promise<void>;
}

/** A real server on port 0 whose clock and parts a test may choose. */
export async function startWebServer(overrides: Partial<Config> = {}, deps: ServerDeps = {}): Promise<WebServer> {
  const config = testConfig({ repo_dir: '/nonexistent', ...overrides });
  const server = buildServer(config, { log: pino({ level: process.env['FLAWLESS_TEST_LOG'] ?? 'silent' }), ...deps });
  const { httpUrl } = await server.listen();
  return {
    server,
    url: httpUrl,
    config,
    async stop() {
      await server.close();
      rmSync(config.data_dir_path, { recursive: true, force: true });
    },
  };
}

export const basic = (password: string, user = 'admin') =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The CSRF token in a page's forms. */
export function csrfIn(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!m?.[1]) throw new Error('no CSRF field on the page');
  return m[1];
}

/** GETs a page (with optional headers) and returns its CSRF token. */
export async function csrfFrom(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, { headers });
  return csrfIn(await res.text());
}

/** POSTs an urlencoded form without following the redirect. */
export function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Sends JSON with any method. */
export function sendJson(url: string, method: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? null : JSON.stringify(body),
  });
}
