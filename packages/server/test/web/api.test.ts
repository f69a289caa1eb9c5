import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sendJson, startWebServer, type WebServer } from './support';

let srv: WebServer;
before(async () => {
  srv = await startWebServer();
});
after(() => srv.stop());

const api = (path: string, method = 'GET', body?: unknown) => sendJson(`${srv.url}/api/v1${path}`, method, body);

interface Saved {
  id: number;
  kind: string;
  rule: Record<string, unknown>;
}

test('rules CRUD for every kind: create, read, update, delete, each visible to triage at once', async () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    [
      'code',
      {
        kind: 'known_error',
        filename: 'src/a.ts',
        function_name: 'f',
        alert_every_n_occurrences: 10,
        email_recipients: ['x@example.org'],
      },
      { kind: 'third_party', filename: 'vendor/x.js' },
    ],
    [
      'watch',
      { email: 'w@example.org', filepath: 'src/', watch_all_errors: true },
      { email: 'w@example.org', filepath: 'lib/' },
    ],
    ['remap', { from: 'old', to: 'new@example.org' }, { from: 'older', to: 'new@example.org' }],
    [
      'disown',
      { filepath: 'src/x', email: 'a@example.org', designated_email: 'b@example.org' },
      { filepath: 'src/y', email: 'a@example.org', designated_email: 'c@example.org' },
    ],
    ['ignored_exception', { exception_type: 'AbortError' }, { exception_type: 'EPIPE' }],
  ];
  for (const [kind, create, update] of cases) {
    const res = await api(`/rules/${kind}`, 'POST', create);
    assert.equal(res.status, 201, `${kind}: ${await res.clone().text()}`);
    const saved = (await res.json()) as Saved;
    assert.equal(saved.kind, kind);
    for (const [k, v] of Object.entries(create)) assert.deepEqual(saved.rule[k], v, `${kind}.${k}`);

    const list = (await (await api(`/rules/${kind}`)).json()) as { rules: { id: number }[] };
    assert.deepEqual(
      list.rules.map((r) => r.id),
      [saved.id],
    );
    assert.equal(((await (await api(`/rules/${kind}/${saved.id}`)).json()) as { id: number }).id, saved.id);

    const put = await api(`/rules/${kind}/${saved.id}`, 'PUT', update);
    assert.equal(put.status, 200);
    const current = (await (await api(`/rules/${kind}/${saved.id}`)).json()) as Record<string, unknown>;
    for (const [k, v] of Object.entries(update)) assert.deepEqual(current[k], v, `${kind}.${k} after PUT`);

    assert.equal((await api(`/rules/${kind}/${saved.id}`, 'DELETE')).status, 204);
    assert.equal((await api(`/rules/${kind}/${saved.id}`, 'DELETE')).status, 404);
    assert.equal((await api(`/rules/${kind}/${saved.id}`, 'PUT', update)).status, 404);
  }
  const all = (await (await api('/rules')).json()) as Record<string, unknown[]>;
  assert.deepEqual(Object.keys(all).sort(), ['code', 'disown', 'ignored_exception', 'remap', 'watch']);
  assert.ok(Object.values(all).every((l) => l.length === 0));

  // The rules in force change with the API, with no reload by hand.
  await api('/rules/ignored_exception', 'POST', { exception_type: 'LiveError' });
  assert.ok(srv.server.rules.current().compiled.ignoredExceptionTypes.has('LiveError'));
});

test('invalid rules: 400 with the field named, nothing stored', async () => {
  const before = await srv.server.store.loadRules();
  const cases: [string, unknown, string, RegExp][] = [
    ['code', {}, 'filename', /filename is required/],
    ['code', { filename: 'a', min_alert_threshold: -1 }, 'min_alert_threshold', /at least 1/],
    ['code', { filename: 'a', min_alert_threshold: 1.5 }, 'min_alert_threshold', /whole number/],
    ['code', { filename: 'a', email_recipients: 'x@example.org, bad' }, 'email_recipients', /"bad" is not a valid/],
    ['code', { filename: 'a', email_recipients: 7 }, 'email_recipients', /list of email/],
    ['code', { filename: 'a', colour: 'red' }, 'colour', /colour is not a field of code rules/],
    ['code', { filename: 5 }, 'filename', /filename must be text/],
    [
      'watch',
      { email: 'w@example.org', filepath: 'x', watch_all_errors: 'sometimes' },
      'watch_all_errors',
      /true or false/,
    ],
    ['remap', { from: 'a b', to: 'x@example.org' }, 'from', /email address or its part/],
    ['ignored_exception', { exception_type: 'A\nB' }, 'exception_type', /one line/],
  ];
  for (const [kind, body, field, message] of cases) {
    const res = await api(`/rules/${kind}`, 'POST', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    const err = (await res.json()) as { error: string; message: string; field: string; errors: Record<string, string> };
    assert.equal(err.error, 'FLW_ERR_INVALID_FORM');
    assert.equal(err.field, field);
    assert.match(err.message, message);
    assert.ok(err.errors[field]);
  }
  for (const body of ['"a string"', '[1]', 'null']) {
    const res = await fetch(`${srv.url}/api/v1/rules/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    assert.equal(res.status, 400, body);
  }
  assert.deepEqual(await srv.server.store.loadRules(), before);
});

test('unknown kinds, ids and content types', async () => {
  assert.equal((await api('/rules/sprockets')).status, 404);
  assert.equal((await api('/rules/sprockets', 'POST', {})).status, 404);
  assert.equal((await api('/rules/watch/abc')).status, 404);
  assert.equal((await api('/rules/watch/999999')).status, 404);
  const form = await fetch(`${srv.url}/api/v1/rules/ignored_exception`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'exception_type=X',
  });
  assert.equal(form.status, 415);
  const missing = await api('/error?filename=a&function_name=b&line_number=1&text=x&timestamp=1');
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: string }).error, 'FLW_ERR_NOT_FOUND');
});
