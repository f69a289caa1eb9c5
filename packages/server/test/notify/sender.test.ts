import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOutboxSender, messageIdFor, RETRY_MAX_MS, retryDelayMs } from '../../src/notify/sender';
import { createSmtpTransport } from '../../src/notify/smtp';
import type { OutboxEntry, Store } from '../../src/store/types';
import { freePort, startMailServer, startSilentServer } from './mail-server';

type OutboxMethods = Pick<Store, 'claimOutbox' | 'markSent' | 'markFailed'>;

/** The three outbox methods over an array, with the lease semantics the real store has. */
function memoryOutbox(clock: () => number) {
  const entries: OutboxEntry[] = [];
  let nextId = 1;
  const store: OutboxMethods = {
    async claimOutbox(now, limit, leaseMs) {
      const due = entries.filter((e) => e.status === 'pending' && e.next_attempt_at <= now).slice(0, limit);
      for (const e of due) e.next_attempt_at = now + leaseMs;
      return due.map((e) => ({ ...e, to: [...e.to] }));
    },
    async markSent(id, at) {
      const e = entries.find((x) => x.id === id)!;
      e.status = 'sent';
      e.sent_at = at;
    },
    async markFailed(id, error, nextAttemptAt, giveUp) {
      const e = entries.find((x) => x.id === id)!;
      e.attempts++;
      e.last_error = error;
      e.next_attempt_at = nextAttemptAt;
      if (giveUp) e.status = 'failed';
    },
  };
  function add(dedupeKey: string, createdAt = clock()): OutboxEntry {
    const entry: OutboxEntry = {
      id: nextId++,
      dedupeKey,
      kind: 'error',
      to: ['alice@example.org'],
      subject: `Error on web-3 in ${dedupeKey}`,
      text: 'Traceback (most recent call last):\n',
      html: '<p>Traceback</p>',
      status: 'pending',
      attempts: 0,
      created_at: createdAt,
      next_attempt_at: createdAt,
      sent_at: null,
      last_error: null,
    };
    entries.push(entry);
    return entry;
  }
  return { store, entries, add };
}

function collectingLog() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) => lines.push({ level, obj, msg });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('retryDelayMs', () => {
  test('5 s doubling to a 15 min cap, with ±20 % jitter', () => {
    const mid = () => 0.5;
    assert.deepEqual(
      [1, 2, 3, 4, 8, 9, 10, 50].map((n) => retryDelayMs(n, mid)),
      [5_000, 10_000, 20_000, 40_000, 640_000, RETRY_MAX_MS, RETRY_MAX_MS, RETRY_MAX_MS],
    );
    assert.equal(
      retryDelayMs(1, () => 0),
      4_000,
    );
    assert.equal(
      retryDelayMs(1, () => 0.999999),
      6_000,
    );
  });
});

describe('outbox sender', () => {
  test('SMTP down: the entry waits with attempts and backoff; SMTP up: delivered exactly once', async (t) => {
    let clock = Date.UTC(2024, 2, 5, 10, 0, 0);
    const outbox = memoryOutbox(() => clock);
    const entry = outbox.add('error:2024-03-03:["src/a.ts",1,"f","x"]:1');
    const port = await freePort();
    const transport = createSmtpTransport({ host: '127.0.0.1', port, timeoutMs: 1000 });
    t.after(() => transport.close());
    const { lines, log } = collectingLog();
    const sender = createOutboxSender({
      store: outbox.store,
      transport,
      from: 'error_report@corp.test',
      log,
      now: () => clock,
      random: () => 0.5,
    });

    assert.equal(await sender.drain(5000), true);
    assert.equal(entry.status, 'pending');
    assert.equal(entry.attempts, 1);
    assert.match(entry.last_error ?? '', /ECONNREFUSED/);
    assert.equal(entry.next_attempt_at, clock + 5_000);
    assert.equal(lines.filter((l) => l.level === 'warn').length, 1);

    // Not due yet: nothing is tried.
    await sender.drain(5000);
    assert.equal(entry.attempts, 1);

    clock += 5_000;
    await sender.drain(5000);
    assert.equal(entry.attempts, 2);
    assert.equal(entry.next_attempt_at, clock + 10_000);

    const server = await startMailServer({ port });
    t.after(() => server.close());
    clock += 10_000;
    assert.equal(await sender.drain(5000), true);
    assert.equal(entry.status, 'sent');
    assert.equal(entry.sent_at, clock);
    assert.equal(server.received.length, 1);
    assert.ok(server.received[0]?.raw.includes(`Message-ID: ${messageIdFor(entry.dedupeKey)}\r\n`));
    assert.match(messageIdFor(entry.dedupeKey), /^<[0-9a-f]{32}@flawless>$/);

    clock += 24 * 3_600_000;
    await sender.drain(5000);
    await sender.stop();
    assert.equal(server.received.length, 1);
  });

  test('a mail server that never answers: the send times out and the sender keeps going', async (t) => {
    const silent = await startSilentServer();
    t.after(() => silent.close());
    const outbox = memoryOutbox(Date.now);
    const first = outbox.add('one');
    const second = outbox.add('two');
    const transport = createSmtpTransport({ host: '127.0.0.1', port: silent.port, timeoutMs: 300 });
    t.after(() => transport.close());
    const sender = createOutboxSender({ store: outbox.store, transport, from: 'error_report@corp.test' });

    const started = Date.now();
    assert.equal(await sender.drain(5000), true);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    for (const e of [first, second]) {
      assert.equal(e.status, 'pending');
      assert.equal(e.attempts, 1);
      assert.match(e.last_error ?? '', /timeout/i);
    }
    await sender.stop();
  });

  test('given up after three days: status failed, no more attempts', async (t) => {
    const clock = Date.UTC(2024, 2, 5);
    const outbox = memoryOutbox(() => clock);
    const entry = outbox.add('old', clock - 3 * 24 * 3_600_000);
    const port = await freePort();
    const transport = createSmtpTransport({ host: '127.0.0.1', port, timeoutMs: 1000 });
    t.after(() => transport.close());
    const { lines, log } = collectingLog();
    const sender = createOutboxSender({ store: outbox.store, transport, from: 'x@corp.test', log, now: () => clock });
    await sender.drain(5000);
    assert.equal(entry.status, 'failed');
    assert.equal(entry.attempts, 1);
    assert.equal(lines.filter((l) => l.level === 'error').length, 1);
  });

  test('start() polls and kick() delivers without waiting for the poll', async (t) => {
    const server = await startMailServer();
    t.after(() => server.close());
    const outbox = memoryOutbox(Date.now);
    const transport = createSmtpTransport({ host: '127.0.0.1', port: server.port, timeoutMs: 2000 });
    t.after(() => transport.close());
    const sender = createOutboxSender({ store: outbox.store, transport, from: 'x@corp.test', pollMs: 60_000 });
    t.after(() => sender.stop());
    outbox.add('before-start');
    sender.start();
    await server.waitFor(1);
    outbox.add('queued-later');
    sender.kick();
    await server.waitFor(2);
    await sender.stop();
    assert.deepEqual(
      outbox.entries.map((e) => e.status),
      ['sent', 'sent'],
    );
  });

  test('a failing store is logged and never escapes the loop', async (t) => {
    const server = await startMailServer();
    t.after(() => server.close());
    const transport = createSmtpTransport({ host: '127.0.0.1', port: server.port, timeoutMs: 2000 });
    t.after(() => transport.close());
    const outbox = memoryOutbox(Date.now);
    outbox.add('x');
    let claimFails = true;
    const store: OutboxMethods = {
      claimOutbox: (...args) =>
        claimFails ? Promise.reject(new Error('database is locked')) : outbox.store.claimOutbox(...args),
      markSent: () => Promise.reject(new Error('disk full')),
      markFailed: outbox.store.markFailed,
    };
    const { lines, log } = collectingLog();
    const sender = createOutboxSender({ store, transport, from: 'x@corp.test', log });
    assert.equal(await sender.drain(5000), true);
    assert.equal(server.received.length, 0);
    claimFails = false;
    await sender.drain(5000);
    assert.equal(server.received.length, 1);
    assert.deepEqual(
      lines.filter((l) => l.level === 'error').map((l) => l.msg),
      ['cannot read the email outbox', 'cannot record an email delivery attempt'],
    );
  });
});
