import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEmlTransport } from '../../src/notify/eml-outbox';

const message = {
  to: ['alice@example.org'],
  subject: 'Error on web-3 in src/a.ts',
  text: 'Traceback (most recent call last):\n  File "src/a.ts", line 1, in f\n',
  html: '<p>TypeError: boom</p>',
  from: 'error_report@corp.test',
  messageId: '<abc/../123@flawless>',
};

test('writes one RFC 822 .eml file per message, atomically and once per Message-ID', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'flawless-eml-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const outbox = join(dir, 'outbox');
  const transport = createEmlTransport(outbox);

  await transport.send(message);
  await transport.send(message); // a retry after a crash between write and markSent
  await transport.send({ ...message, messageId: '<other@flawless>' });
  await transport.close();

  const files = (await readdir(outbox)).sort();
  assert.equal(files.length, 2, files.join(', '));
  assert.equal(files.filter((f) => !/^\d{8}T\d{9}Z-[A-Za-z0-9._@-]+\.eml$/.test(f)).length, 0, files.join(', '));
  const first = files.find((f) => f.endsWith('-abc_.._123@flawless.eml'));
  assert.ok(first, files.join(', '));

  const raw = await readFile(join(outbox, first), 'utf8');
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const headers = new Map(
    head
      .replace(/\r\n[ \t]+/g, ' ')
      .split('\r\n')
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  assert.equal(headers.get('from'), 'error_report@corp.test');
  assert.equal(headers.get('to'), 'alice@example.org');
  assert.equal(headers.get('subject'), 'Error on web-3 in src/a.ts');
  assert.equal(headers.get('message-id'), '<abc/../123@flawless>');
  assert.ok(headers.get('date'));
  assert.match(headers.get('content-type') ?? '', /^multipart\/alternative; boundary=/);
  assert.ok(body.includes('Content-Type: text/plain; charset=utf-8'));
  assert.ok(body.includes('<p>TypeError: boom</p>'));
  // CRLF line ends throughout, as RFC 822 wants.
  assert.equal(/[^\r]\n/.test(raw), false);
});
