import type { ErrorReport } from '@flawless/protocol';
import {
  createThriftServer,
  type ThriftLog,
  type ThriftServer,
  type ThriftServerOptions,
} from '../../src/ingest/thrift';
import { RawClient } from './thrift-client';

export interface LogEntry {
  level: 'debug' | 'warn' | 'error';
  msg: string;
  obj: object;
}

/** A logger that keeps what it is told, for assertions. */
export function recordingLog(): ThriftLog & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    debug: (obj, msg) => entries.push({ level: 'debug', msg, obj }),
    warn: (obj, msg) => entries.push({ level: 'warn', msg, obj }),
    error: (obj, msg) => entries.push({ level: 'error', msg, obj }),
  };
}

export interface Running {
  server: ThriftServer;
  port: number;
  /** Every report `submit` received, in order. */
  submitted: ErrorReport[];
  log: ReturnType<typeof recordingLog>;
}

/** A Thrift server on a free port whose `submit` keeps the reports. */
export async function startServer(options: Partial<ThriftServerOptions> = {}): Promise<Running> {
  const submitted: ErrorReport[] = [];
  const log = recordingLog();
  const server = createThriftServer({
    submit: async (reports) => {
      submitted.push(...reports);
    },
    log,
    ...options,
  });
  const port = await server.listen(0, '127.0.0.1');
  return { server, port, submitted, log };
}

/** Runs `body` with a server and one connected client, then closes both. */
export async function withClient(
  options: Partial<ThriftServerOptions>,
  body: (s: Running, c: RawClient) => Promise<void>,
): Promise<void> {
  const s = await startServer(options);
  const c = await RawClient.connect(s.port);
  try {
    await body(s, c);
  } finally {
    c.destroy();
    await s.server.close();
  }
}
