import { createServer, type Socket } from 'node:net';
import type { ErrorReport } from '@flawless/protocol';
import { FlawlessError } from '../errors';
import type { PeerFilter } from './thrift-allow';
import { ByteBudget } from './thrift-budget';
import { type CallHandler, type ConnectionLimits, ThriftConnection, type ThriftLog } from './thrift-connection';
import { readRecordErrorArgs } from './thrift-request';
import {
  AppErrorType,
  encodeApplicationException,
  encodePingReply,
  encodeVoidReply,
  type MessageHeader,
  MessageType,
  type WireReader,
} from './thrift-wire';
import { validateReports } from './validate';

export type { ThriftLog } from './thrift-connection';

/** Where accepted reports go: resolves once their counts are durably stored. */
export type SubmitReports = (reports: ErrorReport[]) => Promise<void>;

export interface ThriftServerOptions {
  /** Stores reports; the reply to `record_error` is written only after it resolves. */
  submit: SubmitReports;
  /** Report validation, the same as the JSON API's. Default: `validateReports`. */
  validate?: (body: unknown) => ErrorReport[];
  log: ThriftLog;
  /** Largest frame accepted; a longer one closes the connection unread. Default 1 MiB (max_report_bytes). */
  maxFrameBytes?: number;
  /** A connection without a whole frame or reply for this long is closed. Default 60 s. */
  idleTimeoutMs?: number;
  /** Connections beyond this are closed as they arrive. Default 10,000. */
  maxConnections?: number;
  /** Bytes received and not yet answered, over all connections, before reading pauses. Default 64 MiB. */
  maxBufferedBytes?: number;
  /** Peers allowed to connect (thrift_allow); others are disconnected unread. Default: everyone. */
  allowPeer?: PeerFilter;
}

/** The Thrift endpoint of Flawless (`service Flawless` in flawless.thrift). */
export interface ThriftServer {
  /** Starts accepting; resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, answers the calls in flight, then closes every connection. */
  close(): Promise<void>;
  /** Open connections. */
  readonly connections: number;
}

const MiB = 1024 * 1024;
// A method name longer than this is shown cut in an error message.
const NAME_SHOWN = 100;

function createHandler(options: ThriftServerOptions): CallHandler {
  const { submit, log } = options;
  const validate = options.validate ?? validateReports;

  function recordError(
    header: MessageHeader,
    body: WireReader,
    oneway: boolean,
  ): Buffer | null | Promise<Buffer | null> {
    const fail = (type: number, message: string) =>
      oneway ? null : encodeApplicationException(header.name, header.seqid, type, message);
    let reports: ErrorReport[];
    try {
      reports = validate(readRecordErrorArgs(body));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.debug({ err }, 'thrift: record_error refused');
      return fail(AppErrorType.PROTOCOL_ERROR, `invalid report: ${message}`);
    }
    return submit(reports).then(
      () => (oneway ? null : encodeVoidReply(header.name, header.seqid)),
      (err: unknown) => {
        log.error({ err }, 'thrift: could not store a report');
        const message = err instanceof FlawlessError ? err.message : 'the report could not be stored';
        return fail(AppErrorType.INTERNAL_ERROR, message);
      },
    );
  }

  return (header, body) => {
    const oneway = header.type === MessageType.ONEWAY;
    if (header.type !== MessageType.CALL && !oneway) {
      return encodeApplicationException(
        header.name,
        header.seqid,
        AppErrorType.INVALID_MESSAGE_TYPE,
        `message type ${header.type} is not a call`,
      );
    }
    if (header.name === 'ping') return oneway ? null : encodePingReply(header.seqid);
    if (header.name === 'record_error') return recordError(header, body, oneway);
    if (oneway) return null;
    const shown = header.name.length > NAME_SHOWN ? `${header.name.slice(0, NAME_SHOWN)}...` : header.name;
    return encodeApplicationException(
      header.name,
      header.seqid,
      AppErrorType.UNKNOWN_METHOD,
      `Unknown function ${shown}`,
    );
  };
}

/**
 * Creates the Thrift endpoint Flawless 0.4 Python clients report to: TCP, framed
 * transport, binary protocol (strict and non-strict headers), `bool ping()` and
 * `void record_error(1: RecordErrorRequest request)`. A report goes through the same
 * validation and `submit` as a JSON one, and its reply is written once `submit` resolved,
 * so an answered call is a stored count. Bad peers get a `TApplicationException` when
 * the frame can be understood and are disconnected when it cannot.
 */
export function createThriftServer(options: ThriftServerOptions): ThriftServer {
  const { log } = options;
  const limits: ConnectionLimits = {
    maxFrameBytes: options.maxFrameBytes ?? MiB,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    maxPipelined: 64,
    maxWriteBuffer: 64 * 1024,
    closeGraceMs: 2000,
  };
  const budget = new ByteBudget(options.maxBufferedBytes ?? 64 * MiB);
  const handle = createHandler(options);
  const open = new Set<ThriftConnection>();
  let closing: Promise<void> | null = null;
  let onDrained: (() => void) | null = null;
  let lastDropWarning = 0;

  let lastRefusal = 0;
  let refusedSinceWarning = 0;
  const allowPeer = options.allowPeer ?? (() => true);
  const server = createServer({ allowHalfOpen: true }, (socket: Socket) => {
    if (!allowPeer(socket.remoteAddress)) {
      // Cut before a byte is read: an unlisted peer can neither report nor cost memory.
      socket.destroy();
      refusedSinceWarning++;
      const now = Date.now();
      if (now - lastRefusal >= 60_000) {
        log.warn(
          { peer: socket.remoteAddress, refused: refusedSinceWarning },
          'thrift: connection from an address not in thrift_allow refused',
        );
        lastRefusal = now;
        refusedSinceWarning = 0;
      }
      return;
    }
    const conn = new ThriftConnection(socket, handle, limits, budget, log, (c) => {
      open.delete(c);
      if (open.size === 0) onDrained?.();
    });
    open.add(conn);
    if (closing) conn.shutdown();
  });
  server.maxConnections = options.maxConnections ?? 10_000;
  server.on('drop', (peer) => {
    const now = Date.now();
    if (now - lastDropWarning < 60_000) return;
    lastDropWarning = now;
    log.warn({ peer, maxConnections: server.maxConnections }, 'thrift: connection limit reached; refusing connections');
  });
  server.on('error', (err) => log.error({ err }, 'thrift server error'));

  return {
    listen(port, host = '127.0.0.1') {
      return new Promise<number>((resolve, reject) => {
        const onError = (err: Error) => reject(new FlawlessError('FLW_ERR_LISTEN', [`${host}:${port}`, err.message]));
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          const address = server.address();
          resolve(typeof address === 'object' && address !== null ? address.port : port);
        });
      });
    },
    close() {
      closing ??= Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        new Promise<void>((resolve) => {
          onDrained = resolve;
          for (const conn of open) conn.shutdown();
          if (open.size === 0) resolve();
        }),
      ]).then(() => {});
      return closing;
    },
    get connections() {
      return open.size;
    },
  };
}
