import { connect, type Socket } from 'node:net';
import { TType as T } from '../../src/ingest/thrift-wire';

/*
 * A raw Thrift binary/framed client for tests and the benchmark: it writes exactly the
 * bytes a test asks for (good or hostile) and parses replies. Written separately from
 * the server's codec so that the two do not share mistakes.
 */

// Type ids are Thrift's own numbers, so they are shared; the encoding here is not.
export { TType as T } from '../../src/ingest/thrift-wire';

/** Appends big-endian Thrift binary values. */
export class Writer {
  private readonly parts: Buffer[] = [];

  raw(bytes: Buffer | number[]): this {
    this.parts.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
    return this;
  }
  byte(n: number): this {
    const b = Buffer.alloc(1);
    b.writeInt8(n);
    return this.raw(b);
  }
  i16(n: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(n);
    return this.raw(b);
  }
  i32(n: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return this.raw(b);
  }
  i64(n: number | bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(n));
    return this.raw(b);
  }
  string(s: string): this {
    const bytes = Buffer.from(s, 'utf8');
    return this.i32(bytes.length).raw(bytes);
  }
  field(type: number, id: number): this {
    return this.byte(type).i16(id);
  }
  stop(): this {
    return this.byte(T.STOP);
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export interface CallOptions {
  /** Old-style header without the version word. Default false. */
  nonStrict?: boolean;
  /** Message type. Default 1 (CALL). */
  type?: number;
}

/** A framed message: header for `name`/`seqid`, then `args` as written. */
export function frameCall(name: string, seqid: number, args: Writer | Buffer, options: CallOptions = {}): Buffer {
  const type = options.type ?? 1;
  const w = new Writer();
  if (options.nonStrict) w.string(name).byte(type).i32(seqid);
  else
    w.i32(0x80010000 | type | 0)
      .string(name)
      .i32(seqid);
  w.raw(Buffer.isBuffer(args) ? args : args.toBuffer());
  const payload = w.toBuffer();
  return new Writer().i32(payload.length).raw(payload).toBuffer();
}

/** A frame as a StackLine struct of flawless.thrift. */
export interface WireFrame {
  filename?: string;
  line_number?: number;
  function_name?: string;
  text?: string;
  frame_locals?: Record<string, string>;
}

/** A RecordErrorRequest of flawless.thrift (absent fields are not written). */
export interface WireRequest {
  traceback: WireFrame[];
  exception_message?: string;
  hostname?: string;
  error_threshold?: number;
  additional_info?: string;
  error_count?: number;
  exception_type?: string;
}

function writeStackLine(w: Writer, f: WireFrame): void {
  if (f.filename !== undefined) w.field(T.STRING, 1).string(f.filename);
  if (f.line_number !== undefined) w.field(T.I64, 2).i64(f.line_number);
  if (f.function_name !== undefined) w.field(T.STRING, 3).string(f.function_name);
  if (f.text !== undefined) w.field(T.STRING, 4).string(f.text);
  if (f.frame_locals !== undefined) {
    const entries = Object.entries(f.frame_locals);
    w.field(T.MAP, 5).byte(T.STRING).byte(T.STRING).i32(entries.length);
    for (const [k, v] of entries) w.string(k).string(v);
  }
  w.stop();
}

/** Writes `RecordErrorRequest` fields (without the closing STOP, so a test can add more). */
export function writeRequestFields(w: Writer, r: WireRequest): Writer {
  w.field(T.LIST, 1).byte(T.STRUCT).i32(r.traceback.length);
  for (const f of r.traceback) writeStackLine(w, f);
  if (r.exception_message !== undefined) w.field(T.STRING, 2).string(r.exception_message);
  if (r.hostname !== undefined) w.field(T.STRING, 3).string(r.hostname);
  if (r.error_threshold !== undefined) w.field(T.I64, 4).i64(r.error_threshold);
  if (r.additional_info !== undefined) w.field(T.STRING, 5).string(r.additional_info);
  if (r.error_count !== undefined) w.field(T.I64, 6).i64(r.error_count);
  if (r.exception_type !== undefined) w.field(T.STRING, 7).string(r.exception_type);
  return w;
}

/** `record_error(request)` as one framed call. */
export function recordErrorCall(r: WireRequest, seqid = 1, options: CallOptions = {}): Buffer {
  const args = new Writer().field(T.STRUCT, 1);
  writeRequestFields(args, r).stop(); // end of RecordErrorRequest
  args.stop(); // end of the arguments
  return frameCall('record_error', seqid, args, options);
}

/** `ping()` as one framed call. */
export function pingCall(seqid = 1, options: CallOptions = {}): Buffer {
  return frameCall('ping', seqid, new Writer().stop(), options);
}

/** A small valid request. */
export function goodRequest(overrides: Partial<WireRequest> = {}): WireRequest {
  return {
    traceback: [{ filename: 'src/app.ts', line_number: 3, function_name: 'main', text: 'boom()' }],
    exception_message: 'boom',
    hostname: 'web-1',
    exception_type: 'Error',
    ...overrides,
  };
}

export interface Reply {
  name: string;
  type: number;
  seqid: number;
  /** REPLY: field 0 of the result struct (ping's bool), when present. */
  success?: boolean;
  /** EXCEPTION: the TApplicationException. */
  exception?: { message: string; type: number };
}

/** Parses one reply payload (after the frame length). */
export function parseReply(p: Buffer): Reply {
  let at = 0;
  const version = p.readInt32BE(at);
  if ((version & 0xffff0000) >>> 0 !== 0x80010000) throw new Error(`reply without a strict header: ${version}`);
  const type = version & 0xff;
  const nameLength = p.readInt32BE(4);
  const name = p.toString('utf8', 8, 8 + nameLength);
  at = 8 + nameLength;
  const seqid = p.readInt32BE(at);
  at += 4;
  const reply: Reply = { name, type, seqid };
  const exception = { message: '', type: -1 };
  for (;;) {
    const ft = p.readInt8(at++);
    if (ft === T.STOP) break;
    const id = p.readInt16BE(at);
    at += 2;
    if (ft === T.BOOL && id === 0) reply.success = p.readInt8(at++) === 1;
    else if (ft === T.STRING && id === 1) {
      const n = p.readInt32BE(at);
      exception.message = p.toString('utf8', at + 4, at + 4 + n);
      at += 4 + n;
    } else if (ft === T.I32 && id === 2) {
      exception.type = p.readInt32BE(at);
      at += 4;
    } else throw new Error(`unexpected reply field ${id} of type ${ft}`);
  }
  if (type === 3) reply.exception = exception;
  return reply;
}

/** One TCP connection speaking framed Thrift; replies are queued as they arrive. */
export class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly replies: Reply[] = [];
  private waiter: (() => void) | null = null;
  /** Resolves when the server closed the connection (or it failed). */
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4) {
        const n = this.buffered.readInt32BE(0);
        if (this.buffered.length < 4 + n) break;
        this.replies.push(parseReply(this.buffered.subarray(4, 4 + n)));
        this.buffered = this.buffered.subarray(4 + n);
      }
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {}); // a reset shows as `closed`
    void this.closed.then(() => this.waiter?.());
  }

  /** `localAddress` picks the peer address the server sees (127.0.0.2 is loopback, yet another address). */
  static connect(port: number, host = '127.0.0.1', localAddress?: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, ...(localAddress ? { localAddress } : {}) });
      socket.once('connect', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next reply; rejects when the connection closes first. */
  async reply(): Promise<Reply> {
    for (;;) {
      const next = this.replies.shift();
      if (next) return next;
      if (this.socket.destroyed) throw new Error('connection closed before a reply');
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
      this.waiter = null;
    }
  }

  async call(bytes: Buffer): Promise<Reply> {
    this.send(bytes);
    return this.reply();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
