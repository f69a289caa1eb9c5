/**
 * The Thrift binary protocol, as far as the Flawless service needs it: a bounds-checked
 * reader over one frame, skipping of any value by its type, and the reply messages.
 * Every count read from the wire is checked against the bytes left before anything is
 * allocated or looped over, so a frame never costs more work than its size.
 */

/** Thrift type ids on the wire. */
export const TType = {
  STOP: 0,
  BOOL: 2,
  BYTE: 3,
  DOUBLE: 4,
  I16: 6,
  I32: 8,
  I64: 10,
  STRING: 11,
  STRUCT: 12,
  MAP: 13,
  SET: 14,
  LIST: 15,
  UUID: 16,
} as const;

/** Thrift message types. */
export const MessageType = { CALL: 1, REPLY: 2, EXCEPTION: 3, ONEWAY: 4 } as const;

/** `TApplicationException` types a server sends. */
export const AppErrorType = {
  UNKNOWN_METHOD: 1,
  INVALID_MESSAGE_TYPE: 2,
  INTERNAL_ERROR: 6,
  PROTOCOL_ERROR: 7,
} as const;

const VERSION_1 = 0x80010000;
const VERSION_MASK = 0xffff0000;
// Nested structs beyond this depth are refused rather than recursed into.
const MAX_DEPTH = 64;

const TYPE_NAMES: Record<number, string> = {
  2: 'bool',
  3: 'byte',
  4: 'double',
  6: 'i16',
  8: 'i32',
  10: 'i64',
  11: 'string',
  12: 'struct',
  13: 'map',
  14: 'set',
  15: 'list',
  16: 'uuid',
};

/** Name of a wire type for messages (`type 99` for ids Thrift does not define). */
export function typeName(type: number): string {
  return TYPE_NAMES[type] ?? `type ${type}`;
}

/** The frame does not hold a well-formed value; the message says where. */
export class ThriftDecodeError extends Error {
  override name = 'ThriftDecodeError';
}

/** Sequential, bounds-checked reads from one frame. */
export class WireReader {
  pos: number;

  constructor(
    private readonly buf: Buffer,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private take(n: number, what: string): number {
    if (this.end - this.pos < n) throw new ThriftDecodeError(`${what} is truncated`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  byte(what: string): number {
    return this.buf.readInt8(this.take(1, what));
  }

  i16(what: string): number {
    return this.buf.readInt16BE(this.take(2, what));
  }

  i32(what: string): number {
    return this.buf.readInt32BE(this.take(4, what));
  }

  /** Exact for |n| < 2^53; larger values come out approximate, and validation refuses them. */
  i64(what: string): number {
    const at = this.take(8, what);
    return this.buf.readInt32BE(at) * 0x100000000 + this.buf.readUInt32BE(at + 4);
  }

  /** A length-prefixed value's byte range, checked against the frame. */
  private span(what: string): [number, number] {
    const length = this.i32(what);
    if (length < 0) throw new ThriftDecodeError(`${what} has a negative length`);
    const at = this.take(length, what);
    return [at, at + length];
  }

  string(what: string): string {
    const [from, to] = this.span(what);
    return this.buf.toString('utf8', from, to);
  }

  /** A container size, refused when the frame cannot hold that many values. */
  size(what: string): number {
    const n = this.i32(what);
    if (n < 0) throw new ThriftDecodeError(`${what} has a negative size`);
    // Every Thrift value takes at least one byte.
    if (n > this.remaining) throw new ThriftDecodeError(`${what} claims ${n} items, more than the frame holds`);
    return n;
  }

  /** Skips one value of `type`, whatever it holds. */
  skip(type: number, what: string, depth = 0): void {
    if (depth > MAX_DEPTH) throw new ThriftDecodeError(`${what} is nested more than ${MAX_DEPTH} levels deep`);
    switch (type) {
      case TType.BOOL:
      case TType.BYTE:
        this.take(1, what);
        return;
      case TType.I16:
        this.take(2, what);
        return;
      case TType.I32:
        this.take(4, what);
        return;
      case TType.DOUBLE:
      case TType.I64:
        this.take(8, what);
        return;
      case TType.UUID:
        this.take(16, what);
        return;
      case TType.STRING:
        this.span(what);
        return;
      case TType.STRUCT:
        for (;;) {
          const fieldType = this.byte(what);
          if (fieldType === TType.STOP) return;
          this.i16(what);
          this.skip(fieldType, what, depth + 1);
        }
      case TType.MAP: {
        const keyType = this.byte(what);
        const valueType = this.byte(what);
        const n = this.size(what);
        for (let i = 0; i < n; i++) {
          this.skip(keyType, what, depth + 1);
          this.skip(valueType, what, depth + 1);
        }
        return;
      }
      case TType.SET:
      case TType.LIST: {
        const elementType = this.byte(what);
        const n = this.size(what);
        for (let i = 0; i < n; i++) this.skip(elementType, what, depth + 1);
        return;
      }
      default:
        throw new ThriftDecodeError(`${what} has the unknown wire type ${type}`);
    }
  }
}

/** The header of one Thrift message. */
export interface MessageHeader {
  name: string;
  type: number;
  seqid: number;
}

/**
 * Reads a message header in either form: strict (version word first) or the old
 * non-strict one (name first) that `TBinaryProtocol(strictWrite=False)` clients send.
 */
export function readMessageHeader(reader: WireReader): MessageHeader {
  const first = reader.i32('message header');
  if (first < 0) {
    if ((first & VERSION_MASK) >>> 0 !== VERSION_1) {
      throw new ThriftDecodeError(`bad protocol version 0x${(first >>> 0).toString(16)}`);
    }
    const name = reader.string('method name');
    return { name, type: first & 0xff, seqid: reader.i32('sequence id') };
  }
  reader.pos -= 4; // the old form starts with the name's length
  const name = reader.string('method name');
  const type = reader.byte('message type');
  return { name, type, seqid: reader.i32('sequence id') };
}

/** Builds one framed message; `body` writes the bytes after the header. */
function framedMessage(
  name: string,
  type: number,
  seqid: number,
  bodyBytes: number,
  body: (b: Buffer, at: number) => void,
): Buffer {
  const nameBytes = Buffer.byteLength(name);
  const payload = 4 + 4 + nameBytes + 4 + bodyBytes;
  const out = Buffer.allocUnsafe(4 + payload);
  out.writeInt32BE(payload, 0);
  out.writeInt32BE(VERSION_1 | type | 0, 4);
  out.writeInt32BE(nameBytes, 8);
  out.write(name, 12);
  out.writeInt32BE(seqid, 12 + nameBytes);
  body(out, 16 + nameBytes);
  return out;
}

/** The reply to `bool ping()`: `success` (field 0) = true. */
export function encodePingReply(seqid: number): Buffer {
  return framedMessage('ping', MessageType.REPLY, seqid, 5, (b, at) => {
    b.writeInt8(TType.BOOL, at);
    b.writeInt16BE(0, at + 1);
    b.writeInt8(1, at + 3);
    b.writeInt8(TType.STOP, at + 4);
  });
}

/** The reply to a `void` method: an empty result struct. */
export function encodeVoidReply(name: string, seqid: number): Buffer {
  return framedMessage(name, MessageType.REPLY, seqid, 1, (b, at) => {
    b.writeInt8(TType.STOP, at);
  });
}

/** A `TApplicationException` reply: `1: string message, 2: i32 type`. */
export function encodeApplicationException(name: string, seqid: number, type: number, message: string): Buffer {
  const messageBytes = Buffer.byteLength(message);
  return framedMessage(name, MessageType.EXCEPTION, seqid, 3 + 4 + messageBytes + 3 + 4 + 1, (b, at) => {
    let p = b.writeInt8(TType.STRING, at);
    p = b.writeInt16BE(1, p);
    p = b.writeInt32BE(messageBytes, p);
    p += b.write(message, p);
    p = b.writeInt8(TType.I32, p);
    p = b.writeInt16BE(2, p);
    p = b.writeInt32BE(type, p);
    b.writeInt8(TType.STOP, p);
  });
}
