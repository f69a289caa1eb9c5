import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSmtpTransport } from '../../src/notify/smtp';
import { startMailServer, startSilentServer } from './mail-server';

const message = {
  to: ['alice@example.org', 'bob@example.org'],
  subject: 'Error on web-3 in src/ünïcode.ts',
  text: 'Traceback (most recent call last):\n  File "src/ünïcode.ts", line 1, in f\nTypeError: boom ✓\n',
  html: '<p>TypeError: boom &#10003; ünïcode</p>',
  from: 'error_report@corp.test',
  messageId: '<0123456789abcdef@flawless>',
};

/** Undoes quoted-printable soft breaks and escapes, enough to read a text part. */
const unQp = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  ).toString('utf8');

test('sends multipart/alternative text + HTML, UTF-8, with the given Message-ID', async (t) => {
  const server = await startMailServer();
  t.after(() => server.close());
  const transport = createSmtpTransport({ host: '127.0.0.1', port: server.port, timeoutMs: 2000 });
  t.after(() => transport.close());

  await transport.send(message);
  assert.equal(server.received.length, 1);
  const mail = server.received[0]!;
  assert.equal(mail.from, 'error_report@corp.test');
  assert.deepEqual(mail.to, ['alice@example.org', 'bob@example.org']);
  const raw = mail.raw;
  assert.match(raw, /^Message-ID: <0123456789abcdef@flawless>\r$/m);
  assert.match(raw, /^Content-Type: multipart\/alternative;/m);
  assert.match(raw, /^Content-Type: text\/plain; charset=utf-8\r$/m);
  assert.match(raw, /^Content-Type: text\/html; charset=utf-8\r$/m);
  // The subject is RFC 2047-encoded because of the non-ASCII file name.
  assert.match(raw, /^Subject: =\?UTF-8\?/m);
  assert.ok(unQp(raw).includes('File "src/ünïcode.ts", line 1, in f'));
  assert.ok(unQp(raw).includes('<p>TypeError: boom &#10003; ünïcode</p>'));
  // text part first: clients show the last alternative they can, so HTML wins.
  assert.ok(raw.indexOf('text/plain') < raw.indexOf('text/html'));
});

test('authenticates when a user is given; a wrong password fails the send', async (t) => {
  const server = await startMailServer({ auth: { user: 'flawless', pass: 's3cret' } });
  t.after(() => server.close());
  const good = createSmtpTransport({
    host: '127.0.0.1',
    port: server.port,
    user: 'flawless',
    password: 's3cret',
    timeoutMs: 2000,
  });
  const bad = createSmtpTransport({
    host: '127.0.0.1',
    port: server.port,
    user: 'flawless',
    password: 'no',
    timeoutMs: 2000,
  });
  const anonymous = createSmtpTransport({ host: '127.0.0.1', port: server.port, timeoutMs: 2000 });
  t.after(() => Promise.all([good.close(), bad.close(), anonymous.close()]));

  await good.send(message);
  assert.equal(server.received[0]?.user, 'flawless');
  await assert.rejects(bad.send(message), /Invalid login|Invalid username/);
  await assert.rejects(anonymous.send(message));
  assert.equal(server.received.length, 1);
});

test('useTls refuses to send in the clear to a server without STARTTLS', async (t) => {
  const server = await startMailServer();
  t.after(() => server.close());
  const transport = createSmtpTransport({ host: '127.0.0.1', port: server.port, useTls: true, timeoutMs: 2000 });
  t.after(() => transport.close());
  await assert.rejects(transport.send(message), /STARTTLS/);
  assert.equal(server.received.length, 0);
});

test('a server that never answers: the send fails after timeoutMs', async (t) => {
  const silent = await startSilentServer();
  t.after(() => silent.close());
  const transport = createSmtpTransport({ host: '127.0.0.1', port: silent.port, timeoutMs: 300 });
  t.after(() => transport.close());
  const started = Date.now();
  await assert.rejects(transport.send(message), /timeout/i);
  assert.ok(Date.now() - started < 2000, 'timed out promptly');
  assert.ok(silent.accepted() >= 1);
});
