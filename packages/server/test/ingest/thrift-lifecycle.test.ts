import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { goodRequest, pingCall, RawClient, recordErrorCall, Writer } from './thrift-client';
import { startServer } from './thrift-fixture';

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('Thrift endpoint lifecycle', () => {
  test('close() stops accepting, answers the call in flight, then closes the connections', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let stored = 0;
    let entered = false;
    const s = await startServer({
      submit: async () => {
        entered = true;
        await gate;
        stored++;
      },
    });
    const busy = await RawClient.connect(s.port);
    const idle = await RawClient.connect(s.port);
    assert.equal((await idle.call(pingCall(1))).success, true);
    const reply = busy.call(recordErrorCall(goodRequest(), 42));
    await until(() => entered);

    let closeDone = false;
    const closing = s.server.close().then(() => {
      closeDone = true;
    });
    await idle.closed; // nothing in flight there: closed at once
    await assert.rejects(RawClient.connect(s.port), /ECONNREFUSED/);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(closeDone, false, 'close() waits for the call in flight');
    assert.equal(busy.socket.destroyed, false);

    release();
    const answered = await reply;
    assert.deepEqual([answered.name, answered.seqid, answered.type], ['record_error', 42, 2]);
    assert.equal(stored, 1);
    await busy.closed;
    await closing;
    assert.equal(s.server.connections, 0);
  });

  test('calls pipelined behind the one in flight at close() are not started', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let calls = 0;
    const s = await startServer({
      submit: async () => {
        calls++;
        await gate;
      },
    });
    const c = await RawClient.connect(s.port);
    c.send(recordErrorCall(goodRequest(), 1));
    await until(() => calls === 1);
    const closing = s.server.close();
    c.send(recordErrorCall(goodRequest(), 2));
    await new Promise((r) => setTimeout(r, 20));
    release();
    assert.equal((await c.reply()).seqid, 1);
    await c.closed;
    await closing;
    assert.equal(calls, 1);
  });

  test('a peer that half-closes after its call still gets the reply', async () => {
    const s = await startServer();
    const c = await RawClient.connect(s.port);
    c.socket.end(recordErrorCall(goodRequest(), 8));
    assert.equal((await c.reply()).seqid, 8);
    await c.closed;
    assert.equal(s.submitted.length, 1);
    await s.server.close();
  });

  test('2,000 held connections do not stop a good client; they close cleanly', async () => {
    const s = await startServer();
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 2000; i++) held.push(await openSocket(s.port));
      // Half of them mid-frame, so the server holds partial frames too.
      for (const socket of held.slice(0, 1000)) socket.write(pingCall(1).subarray(0, 6));
      await until(() => s.server.connections === 2000);
      const c = await RawClient.connect(s.port);
      assert.equal((await c.call(recordErrorCall(goodRequest(), 3))).seqid, 3);
      c.destroy();
    } finally {
      for (const socket of held) socket.destroy();
    }
    await until(() => s.server.connections === 0);
    await s.server.close();
  });

  test('connections over maxConnections are refused and the others carry on', async () => {
    const s = await startServer({ maxConnections: 20 });
    const held: Socket[] = [];
    for (let i = 0; i < 20; i++) held.push(await openSocket(s.port));
    await until(() => s.server.connections === 20);
    const extra = await openSocket(s.port);
    await closed(extra);
    assert.ok(s.log.entries.some((e) => /connection limit reached/.test(e.msg)));
    // An accepted connection still works, and a slot freed is a slot usable.
    const first = held[0]!;
    first.write(pingCall(4));
    await new Promise<void>((r) => first.once('data', () => r()));
    held.pop()!.destroy();
    await until(() => s.server.connections === 19);
    const c = await RawClient.connect(s.port);
    assert.equal((await c.call(pingCall(5))).success, true);
    c.destroy();
    for (const socket of held) socket.destroy();
    await s.server.close();
  });

  test('with the byte budget spent by a partial frame, answered clients are still read; the spender times out', async () => {
    const s = await startServer({ maxBufferedBytes: 4096, idleTimeoutMs: 300 });
    const hog = await RawClient.connect(s.port);
    hog.send(new Writer().i32(100_000).raw(Buffer.alloc(8192)).toBuffer());
    await new Promise((r) => setTimeout(r, 20));
    const c = await RawClient.connect(s.port);
    assert.equal((await c.call(recordErrorCall(goodRequest(), 6))).seqid, 6);
    assert.equal((await c.call(pingCall(7))).success, true);
    assert.equal(hog.socket.destroyed, false, 'served while the hog still holds the budget');
    await hog.closed;
    assert.equal((await c.call(pingCall(8))).success, true);
    c.destroy();
    await s.server.close();
  });

  test('a peer that sends calls but never reads replies is paused, then closed when idle', async () => {
    const s = await startServer({ idleTimeoutMs: 300 });
    const socket = await openSocket(s.port);
    socket.pause(); // never reads
    const burst = Buffer.concat(Array.from({ length: 5000 }, (_, i) => pingCall(i)));
    for (let i = 0; i < 40; i++) socket.write(burst);
    // The peer reads nothing, so the server's side is what shows the close.
    await until(() => s.server.connections === 0, 3000);
    assert.ok(s.log.entries.some((e) => /idle connection/.test(e.msg)));
    socket.destroy();
    const c = await RawClient.connect(s.port);
    assert.equal((await c.call(pingCall(1))).success, true);
    c.destroy();
    await s.server.close();
  });
});
