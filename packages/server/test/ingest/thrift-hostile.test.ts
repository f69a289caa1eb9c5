import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  frameCall,
  goodRequest,
  pingCall,
  RawClient,
  recordErrorCall,
  T,
  Writer,
  writeRequestFields,
} from './thrift-client';
import { type Running, startServer } from './thrift-fixture';

const IDLE_MS = 300;

/** Resolves true when the server closes `c` within `ms`. */
async function closedWithin(c: RawClient, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  const result = await Promise.race([c.closed.then(() => true), timeout]);
  clearTimeout(timer);
  return result;
}

/** record_error args whose RecordErrorRequest gets `extra` written after the good fields. */
function requestWith(extra: (w: Writer) => void, seqid = 1): Buffer {
  const w = new Writer().field(T.STRUCT, 1);
  writeRequestFields(w, goodRequest());
  extra(w);
  return frameCall('record_error', seqid, w.stop().stop());
}

describe('Thrift endpoint against bad peers', () => {
  let s: Running;
  before(async () => {
    s = await startServer({ idleTimeoutMs: IDLE_MS });
  });
  after(() => s.server.close());

  /** A new, well-behaved client is still served and its report stored. */
  async function goodCallSucceeds(): Promise<void> {
    const c = await RawClient.connect(s.port);
    try {
      const before = s.submitted.length;
      const reply = await c.call(recordErrorCall(goodRequest({ hostname: 'good' }), 77));
      assert.deepEqual([reply.type, reply.seqid, reply.exception], [2, 77, undefined]);
      assert.equal(s.submitted.length, before + 1);
    } finally {
      c.destroy();
    }
  }

  /** Sends `bytes`, expects the connection closed promptly, then checks a good client. */
  async function closesThenServes(bytes: Buffer): Promise<void> {
    const c = await RawClient.connect(s.port);
    c.send(bytes);
    assert.equal(await closedWithin(c, IDLE_MS / 2), true, 'closed before the idle timeout');
    await goodCallSucceeds();
  }

  /** Sends `bytes`, expects a TApplicationException, then a good call on the same connection. */
  async function refusesThenServes(bytes: Buffer, type: number, message: RegExp): Promise<void> {
    const c = await RawClient.connect(s.port);
    try {
      const reply = await c.call(bytes);
      assert.equal(reply.exception?.type, type, `exception type (message: ${reply.exception?.message})`);
      assert.match(reply.exception.message, message);
      assert.equal((await c.call(pingCall(5))).success, true, 'the connection stays usable');
    } finally {
      c.destroy();
    }
    await goodCallSucceeds();
  }

  test('garbage bytes (an HTTP request) close the connection', async () => {
    await closesThenServes(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
  });

  test('random bytes close the connection', async () => {
    let x = 12345;
    const bytes = Buffer.alloc(4096, 0).map(() => {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      return x >> 16;
    });
    await closesThenServes(Buffer.from(bytes));
  });

  test('a frame that holds no Thrift message (bad version, short name) closes the connection', async () => {
    await closesThenServes(
      new Writer()
        .i32(8)
        .i32(0x80020001 | 0)
        .i32(0)
        .toBuffer(),
    );
    await closesThenServes(new Writer().i32(8).i32(1000).i32(0).toBuffer());
  });

  test('a frame length over the limit, zero or negative closes the connection before its body is sent', async () => {
    for (const length of [1024 * 1024 + 1, 0x7fffffff, 0, -1]) {
      await closesThenServes(new Writer().i32(length).toBuffer());
    }
    assert.ok(s.log.entries.some((e) => e.level === 'warn' && /bad frame length/.test(e.msg)));
  });

  test('a truncated frame waits, then the idle timeout closes it', async () => {
    const c = await RawClient.connect(s.port);
    const started = Date.now();
    c.send(pingCall(1).subarray(0, 10));
    assert.equal(await closedWithin(c, IDLE_MS * 5), true);
    assert.ok(Date.now() - started >= IDLE_MS - 50, 'not closed before the idle timeout');
    await goodCallSucceeds();
  });

  test('a frame trickled byte by byte does not keep the connection open', async () => {
    const c = await RawClient.connect(s.port);
    const frame = recordErrorCall(goodRequest());
    let i = 0;
    const trickle = setInterval(() => {
      if (i < frame.length && !c.socket.destroyed) c.send(frame.subarray(i, ++i));
    }, IDLE_MS / 6);
    try {
      assert.equal(await closedWithin(c, IDLE_MS * 5), true);
    } finally {
      clearInterval(trickle);
    }
    await goodCallSucceeds();
  });

  test('a client that connects and says nothing is closed by the idle timeout', async () => {
    const c = await RawClient.connect(s.port);
    assert.equal(await closedWithin(c, IDLE_MS * 5), true);
    await goodCallSucceeds();
  });

  test('an unknown method gets UNKNOWN_METHOD', async () => {
    await refusesThenServes(frameCall('drop_tables', 3, new Writer().stop()), 1, /Unknown function drop_tables/);
  });

  test('a message that is not a call gets INVALID_MESSAGE_TYPE', async () => {
    await refusesThenServes(pingCall(3, { type: 2 }), 2, /not a call/);
  });

  test('a known field with the wrong wire type is refused, naming the field', async () => {
    const badLine = frameCall(
      'record_error',
      1,
      new Writer()
        .field(T.STRUCT, 1)
        .field(T.LIST, 1)
        .byte(T.STRUCT)
        .i32(1)
        .field(T.STRING, 1)
        .string('a.py')
        .field(T.STRING, 2)
        .string('12')
        .stop()
        .stop()
        .stop(),
    );
    await refusesThenServes(badLine, 7, /traceback\[0\]\.line_number has wire type string, expected i64/);
    const badRequest = frameCall('record_error', 1, new Writer().field(T.LIST, 1).byte(T.I32).i32(0).stop());
    await refusesThenServes(badRequest, 7, /request has wire type list, expected struct/);
    const badLength = requestWith((w) => w.field(T.STRING, 2).i32(-5));
    await refusesThenServes(badLength, 7, /exception_message has a negative length/);
    const badList = frameCall(
      'record_error',
      1,
      new Writer().field(T.STRUCT, 1).field(T.LIST, 1).byte(T.STRING).i32(1).string('x').stop().stop(),
    );
    await refusesThenServes(badList, 7, /traceback item has wire type string, expected struct/);
  });

  test('unknown fields of every type are skipped', async () => {
    const c = await RawClient.connect(s.port);
    try {
      const before = s.submitted.length;
      const call = requestWith((w) => {
        w.field(T.BOOL, 20).byte(1);
        w.field(T.BYTE, 21).byte(-1);
        w.field(T.DOUBLE, 22).raw(Buffer.alloc(8));
        w.field(T.I16, 23).i16(7);
        w.field(T.I32, 24).i32(7);
        w.field(T.I64, 25).i64(7);
        w.field(T.UUID, 26).raw(Buffer.alloc(16));
        w.field(T.STRUCT, 27).field(T.STRING, 1).string('nested').field(T.LIST, 2).byte(T.I32).i32(2).i32(1).i32(2);
        w.stop();
        w.field(T.MAP, 28).byte(T.STRING).byte(T.SET).i32(1).string('k').byte(T.I64).i32(1).i64(1);
      });
      const reply = await c.call(call);
      assert.equal(reply.exception, undefined);
      assert.deepEqual(s.submitted[before], goodRequest());
    } finally {
      c.destroy();
    }
  });

  test('a struct cut short inside a whole frame gets PROTOCOL_ERROR', async () => {
    const whole = recordErrorCall(goodRequest()).subarray(4);
    const cut = whole.subarray(0, whole.length - 12);
    await refusesThenServes(new Writer().i32(cut.length).raw(cut).toBuffer(), 7, /truncated/);
  });

  test('a container claiming more items than the frame holds is refused without allocating them', async () => {
    const huge = frameCall(
      'record_error',
      1,
      new Writer().field(T.STRUCT, 1).field(T.LIST, 1).byte(T.STRUCT).i32(0x7fffffff),
    );
    await refusesThenServes(huge, 7, /claims 2147483647 items/);
    const unknownMap = requestWith((w) => w.field(T.MAP, 30).byte(T.I64).byte(T.I64).i32(100_000_000));
    await refusesThenServes(unknownMap, 7, /claims 100000000 items/);
  });

  test('deeply nested unknown structs are refused without exhausting the stack', async () => {
    const depth = 100_000;
    const nested = Buffer.alloc(depth * 3);
    for (let i = 0; i < depth; i++) {
      nested.writeInt8(T.STRUCT, i * 3);
      nested.writeInt16BE(1, i * 3 + 1);
    }
    await refusesThenServes(
      requestWith((w) => w.field(T.STRUCT, 40).raw(nested)),
      7,
      /nested more than 64 levels deep/,
    );
  });

  test('a report that fails validation is refused naming the field', async () => {
    const call = recordErrorCall(goodRequest({ traceback: [{ filename: 'a.py', line_number: -1 }] }));
    await refusesThenServes(call, 7, /traceback\[0\]\.line_number must be >= 0/);
    const many = recordErrorCall(goodRequest({ traceback: Array(2001).fill({ filename: 'a.py', line_number: 1 }) }));
    await refusesThenServes(many, 7, /traceback has more than 2000 items/);
    const noTrace = frameCall(
      'record_error',
      1,
      new Writer().field(T.STRUCT, 1).field(T.STRING, 2).string('x').stop().stop(),
    );
    await refusesThenServes(noTrace, 7, /traceback is missing/);
  });
});
