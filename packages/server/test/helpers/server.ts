import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorReport, StackFrame } from '@flawless/protocol';
import pino from 'pino';
import { buildServer, type FlawlessServer } from '../../src/app';
import { type Config, defaultConfig } from '../../src/config/definitions';

/** A config for tests: ephemeral ports, a temp data dir, silent logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...defaultConfig(),
    data_dir_path: mkdtempSync(join(tmpdir(), 'flawless-data-')),
    http_port: 0,
    port: 0,
    log_level: 'silent',
    ...overrides,
  };
}

export interface RunningServer {
  server: FlawlessServer;
  url: string;
  /** The Thrift port (Flawless 0.4 Python clients). */
  thriftPort: number;
  config: Config;
  /** POSTs to /api/v1/errors; without `headers`, with the server's ingest_token when it has one. */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Builds and starts a real server on port 0. */
export async function startServer(overrides: Partial<Config> = {}): Promise<RunningServer> {
  const config = testConfig(overrides);
  const server = buildServer(config, { log: pino({ level: process.env['FLAWLESS_TEST_LOG'] ?? 'silent' }) });
  const { httpUrl, thriftAddress } = await server.listen();
  return {
    server,
    url: httpUrl,
    thriftPort: Number(thriftAddress.split(':').at(-1)),
    config,
    // Like a client configured with the server's ingest_token, unless headers are given.
    post: (body, headers = config.ingest_token ? { authorization: `Bearer ${config.ingest_token}` } : {}) =>
      fetch(`${httpUrl}/api/v1/errors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path, headers = {}) => fetch(`${httpUrl}${path}`, { headers }),
    async stop(options = {}) {
      await server.close();
      if (!options.keepData) rmSync(config.data_dir_path, { recursive: true, force: true });
    },
  };
}

/** A frame in the test repo. */
export function frame(
  filename: string,
  line_number: number,
  text: string,
  extra: Partial<StackFrame> = {},
): StackFrame {
  return { filename, line_number, function_name: extra.function_name ?? 'handler', text, ...extra };
}

/** A report whose traceback is `frames`, outermost first. */
export function report(frames: StackFrame[], extra: Partial<ErrorReport> = {}): ErrorReport {
  return {
    traceback: frames,
    exception_type: 'TypeError',
    exception_message: "Cannot read properties of undefined (reading 'total')",
    hostname: 'web-3',
    ...extra,
  };
}
