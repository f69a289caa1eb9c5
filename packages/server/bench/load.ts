/**
 * A small HTTP/1.1 load generator over raw keep-alive sockets, run in a worker thread so
 * it has its own core. Bodies are pre-serialised; each connection sends one request,
 * reads the whole answer, then sends the next (no pipelining), like real clients.
 */
import { connect, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadSpec {
  port: number;
  path: string;
  bodies: string[];
  connections: number;
  durationMs: number;
  /** When set, requests are started at this total rate (open loop) and latency is measured from the scheduled time. */
  ratePerSec?: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  /** Latencies in ms, sorted. */
  latencies: number[];
  errors: number;
}

function requestBuffer(spec: LoadSpec, body: string): Buffer {
  const b = Buffer.from(body);
  const extra = Object.entries(spec.headers ?? {})
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return Buffer.concat([
    Buffer.from(
      `POST ${spec.path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${extra}content-length: ${b.length}\r\n\r\n`,
    ),
    b,
  ]);
}

function run(spec: LoadSpec): Promise<LoadResult> {
  const buffers = spec.bodies.map((b) => requestBuffer(spec, b));
  const result: LoadResult = { requests: 0, statuses: {}, elapsedMs: 0, latencies: [], errors: 0 };
  const start = performance.now();
  const end = start + spec.durationMs;
  let next = 0;
  // Open loop: each connection has its own schedule; latency counts from the scheduled
  // time, so a stalled server cannot hide its stall (no coordinated omission).
  const connInterval = spec.ratePerSec ? (1000 * spec.connections) / spec.ratePerSec : 0;

  function conn(): Promise<void> {
    return new Promise((resolve) => {
      const socket: Socket = connect(spec.port, '127.0.0.1');
      socket.setNoDelay(true);
      let buf: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      let nextAt = start + Math.random() * connInterval;
      const send = () => {
        const now = performance.now();
        if (now >= end) {
          socket.end();
          resolve();
          return;
        }
        if (connInterval) {
          const t = nextAt;
          nextAt += connInterval;
          if (t > now) setTimeout(() => fire(t), t - now);
          else fire(t);
          return;
        }
        fire(now);
      };
      const fire = (t: number) => {
        sentAt = t;
        socket.write(buffers[next++ % buffers.length]!);
      };
      socket.on('data', (d: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, d]) : d;
        for (;;) {
          const headEnd = buf.indexOf('\r\n\r\n');
          if (headEnd < 0) return;
          const head = buf.subarray(0, headEnd).toString('latin1');
          const m = /content-length: (\d+)/i.exec(head);
          const len = m ? Number(m[1]) : 0;
          if (buf.length < headEnd + 4 + len) return;
          const status = head.slice(9, 12);
          result.statuses[status] = (result.statuses[status] ?? 0) + 1;
          result.requests++;
          result.latencies.push(performance.now() - sentAt);
          buf = buf.subarray(headEnd + 4 + len);
          send();
        }
      });
      socket.on('error', () => {
        result.errors++;
        resolve();
      });
      socket.on('close', () => resolve());
      socket.on('connect', send);
    });
  }

  return Promise.all(Array.from({ length: spec.connections }, conn)).then(() => {
    result.elapsedMs = performance.now() - start;
    result.latencies.sort((a, b) => a - b);
    return result;
  });
}

if (parentPort && workerData) {
  const port = parentPort;
  void run(workerData as LoadSpec).then((r) => port.postMessage(r));
}
