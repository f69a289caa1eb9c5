import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { frame, report } from '../helpers/server';
import { basic, csrfFrom, csrfIn, postForm, sendJson, startWebServer, type WebServer } from './support';

const PASSWORD = 'correct horse battery staple';
let srv: WebServer;

before(async () => {
  srv = await startWebServer({ admin_password: PASSWORD });
});
after(() => srv.stop());

const rules = () => srv.server.store.loadRules();
const remapRule = { from: 'old@example.org', to: 'new@example.org' };

async function seedRule(): Promise<number> {
  const id = await srv.server.store.addRule({ kind: 'remap', rule: remapRule });
  await srv.server.rules.refresh();
  return id;
}

test('without the password every state change is refused with 401 and changes nothing', async () => {
  const id = await seedRule();
  const before = await rules();
  const anonToken = await csrfFrom(`${srv.url}/login`);
  const attempts: Promise<Response>[] = [
    postForm(`${srv.url}/save_ignored_exceptions`, { exception_type: 'AbortError', _csrf: anonToken }),
    postForm(`${srv.url}/save_remap_email`, { from: 'a', to: 'b@example.org', _csrf: anonToken }),
    postForm(`${srv.url}/admin/rules/remap/${id}`, { from: 'x', to: 'y@example.org', _csrf: anonToken }),
    postForm(`${srv.url}/admin/rules/remap/${id}/delete`, { _csrf: anonToken }),
    postForm(`${srv.url}/admin/rules/remap/${id}/delete`, { _csrf: anonToken }, { authorization: basic('wrong') }),
    sendJson(`${srv.url}/api/v1/rules/ignored_exception`, 'POST', { exception_type: 'AbortError' }),
    sendJson(`${srv.url}/api/v1/rules/remap/${id}`, 'PUT', remapRule),
    sendJson(`${srv.url}/api/v1/rules/remap/${id}`, 'DELETE', undefined),
    sendJson(`${srv.url}/api/v1/rules/remap/${id}`, 'DELETE', undefined, { authorization: basic('wrong') }),
  ];
  for (const res of await Promise.all(attempts)) {
    assert.equal(res.status, 401, `${res.url}`);
    if (res.url.includes('/api/')) {
      assert.match(res.headers.get('www-authenticate') ?? '', /^Basic realm="Flawless"/);
      assert.equal(((await res.json()) as { error: string }).error, 'FLW_ERR_UNAUTHORIZED');
    } else {
      assert.match(await res.text(), /Log in/);
    }
  }
  assert.deepEqual(await rules(), before, 'nothing changed');
});

test('with the password but without the form token: 403, nothing changed', async () => {
  const id = await seedRule();
  const before = await rules();
  const auth = { authorization: basic(PASSWORD, 'anyone') };
  // The anonymous token is readable by anyone: it must not pass for an authenticated user.
  const anonToken = await csrfFrom(`${srv.url}/login`);
  const variants: Record<string, string>[] = [{}, { _csrf: '' }, { _csrf: 'forged' }, { _csrf: anonToken }];
  for (const fields of variants) {
    const r1 = await postForm(`${srv.url}/save_ignored_exceptions`, { exception_type: 'AbortError', ...fields }, auth);
    assert.equal(r1.status, 403);
    const r2 = await postForm(`${srv.url}/admin/rules/remap/${id}/delete`, fields, auth);
    assert.equal(r2.status, 403);
  }
  // A cross-site form can only send urlencoded, multipart or text/plain bodies.
  const plain = await fetch(`${srv.url}/save_ignored_exceptions`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...auth },
    body: 'exception_type=AbortError',
  });
  assert.equal(plain.status, 403);
  assert.deepEqual(await rules(), before, 'nothing changed');
});

test('HTTP Basic with the token of a page it fetched may change things; the JSON API needs no token', async () => {
  const auth = { authorization: basic(PASSWORD) };
  const token = await csrfFrom(`${srv.url}/add_ignored_exception`, auth);
  const res = await postForm(
    `${srv.url}/save_ignored_exceptions`,
    { exception_type: 'AbortError', _csrf: token },
    auth,
  );
  assert.equal(res.status, 303);
  assert.ok((await rules()).ignoredExceptions.some((r) => r.exception_type === 'AbortError'));

  const api = await sendJson(`${srv.url}/api/v1/rules/ignored_exception`, 'POST', { exception_type: 'EPIPE' }, auth);
  assert.equal(api.status, 201);
  // JSON writes must be JSON: a cross-site form cannot send application/json.
  const form = await fetch(`${srv.url}/api/v1/rules/ignored_exception`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...auth },
    body: '{"exception_type":"X"}',
  });
  assert.equal(form.status, 415);
});

test('login form: wrong password 401, right one gives an HttpOnly SameSite cookie; forms and API then work', async () => {
  const loginToken = await csrfFrom(`${srv.url}/login`);
  const noToken = await postForm(`${srv.url}/login`, { password: PASSWORD });
  assert.equal(noToken.status, 403);
  assert.equal(noToken.headers.get('set-cookie'), null);
  const wrong = await postForm(`${srv.url}/login`, { password: 'guess', _csrf: loginToken });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get('set-cookie'), null);
  assert.match(await wrong.text(), /Wrong password/);

  const ok = await postForm(`${srv.url}/login`, { password: PASSWORD, next: '/admin', _csrf: loginToken });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/admin');
  const setCookie = ok.headers.get('set-cookie') ?? '';
  assert.match(setCookie, /^flawless_session=[\w-]+\.[\w-]+\.[\w-]+;/);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
  assert.match(setCookie, /Path=\//);
  const cookie = { cookie: setCookie.split(';')[0] ?? '' };

  const adminPage = await (await fetch(`${srv.url}/admin`, { headers: cookie })).text();
  assert.match(adminPage, /Log out/);
  const token = csrfIn(adminPage);
  assert.notEqual(token, loginToken, 'a session has its own token');

  const withAnon = await postForm(
    `${srv.url}/save_remap_email`,
    { from: 'a', to: 'b@example.org', _csrf: loginToken },
    cookie,
  );
  assert.equal(withAnon.status, 403);
  const good = await postForm(
    `${srv.url}/save_remap_email`,
    { from: 'x1', to: 'y1@example.org', _csrf: token },
    cookie,
  );
  assert.equal(good.status, 303);
  assert.ok((await rules()).remaps.some((r) => r.from === 'x1'));

  // Cookie-authenticated API writes need the token in a header.
  const body = { from: 'x2', to: 'y2@example.org' };
  assert.equal((await sendJson(`${srv.url}/api/v1/rules/remap`, 'POST', body, cookie)).status, 403);
  assert.ok(!(await rules()).remaps.some((r) => r.from === 'x2'));
  const apiOk = await sendJson(`${srv.url}/api/v1/rules/remap`, 'POST', body, { ...cookie, 'x-csrf-token': token });
  assert.equal(apiOk.status, 201);

  // A tampered cookie is no cookie.
  const tampered = { cookie: `${cookie.cookie.slice(0, -2)}xx` };
  assert.equal(
    (await postForm(`${srv.url}/save_remap_email`, { from: 'x3', to: 'y@example.org', _csrf: token }, tampered)).status,
    401,
  );

  // Logout ends the session: the old cookie no longer works.
  const out = await postForm(`${srv.url}/logout`, { _csrf: token }, cookie);
  assert.equal(out.status, 303);
  assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
  assert.equal(
    (await postForm(`${srv.url}/save_remap_email`, { from: 'x4', to: 'y@example.org', _csrf: token }, cookie)).status,
    401,
  );
});

test('login never redirects off the server', async () => {
  const token = await csrfFrom(`${srv.url}/login`);
  for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
    const res = await postForm(`${srv.url}/login`, { password: PASSWORD, next, _csrf: token });
    assert.equal(res.headers.get('location'), '/admin', next);
  }
});

test('reports need no admin password (ingest has its own token); pages stay readable', async () => {
  const res = await fetch(`${srv.url}/api/v1/errors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(report([frame('src/a.ts', 1, 'x()')])),
  });
  assert.equal(res.status, 202);
  for (const path of ['/', '/admin', '/outbox', '/view_config', '/api/v1/weekly', '/check_health']) {
    assert.equal((await fetch(`${srv.url}${path}`)).status, 200, path);
  }
  const health = (await (await fetch(`${srv.url}/check_health`)).json()) as { config: Record<string, unknown> };
  assert.equal(health.config['admin_password'], '********');
});

test('protect_all_pages: reads need the password too (pages redirect to /login, the API answers 401)', async () => {
  const locked = await startWebServer({ admin_password: PASSWORD, protect_all_pages: true });
  try {
    const page = await fetch(`${locked.url}/get_weekly_error_report?timestamp=1`, { redirect: 'manual' });
    assert.equal(page.status, 303);
    assert.equal(
      page.headers.get('location'),
      `/login?next=${encodeURIComponent('/get_weekly_error_report?timestamp=1')}`,
    );
    const api = await fetch(`${locked.url}/api/v1/weekly`);
    assert.equal(api.status, 401);
    assert.match(api.headers.get('www-authenticate') ?? '', /Basic/);
    const health = (await (await fetch(`${locked.url}/check_health`)).json()) as Record<string, unknown>;
    assert.equal(health['status'], 'ok');
    assert.equal(health['config'], undefined, 'no configuration for strangers');
    for (const path of ['/login', '/static/style.css']) assert.equal((await fetch(`${locked.url}${path}`)).status, 200);

    const auth = { authorization: basic(PASSWORD) };
    assert.equal((await fetch(`${locked.url}/`, { headers: auth })).status, 200);
    assert.equal((await fetch(`${locked.url}/api/v1/weekly`, { headers: auth })).status, 200);
    const full = (await (await fetch(`${locked.url}/check_health`, { headers: auth })).json()) as Record<
      string,
      unknown
    >;
    assert.ok(full['config']);
  } finally {
    await locked.stop();
  }
});

test('without admin_password writes are open, but form posts from browsers still need their token', async () => {
  const open = await startWebServer();
  try {
    const browser = { origin: 'http://elsewhere.test', 'sec-fetch-site': 'cross-site' };
    const noToken = await postForm(`${open.url}/save_ignored_exceptions`, { exception_type: 'AbortError' }, browser);
    assert.equal(noToken.status, 403);
    assert.equal((await open.server.store.loadRules()).ignoredExceptions.length, 0);
    const token = await csrfFrom(`${open.url}/add_ignored_exception`);
    const ok = await postForm(
      `${open.url}/save_ignored_exceptions`,
      { exception_type: 'AbortError', _csrf: token },
      { ...browser, 'sec-fetch-site': 'same-origin', origin: open.url },
    );
    assert.equal(ok.status, 303);
    // A script (no browser headers) needs no token while no password is set.
    const script = await postForm(`${open.url}/save_ignored_exceptions`, { exception_type: 'ECONNRESET' });
    assert.equal(script.status, 303);
    const api = await sendJson(`${open.url}/api/v1/rules/ignored_exception`, 'POST', { exception_type: 'EPIPE' });
    assert.equal(api.status, 201);
    assert.equal((await open.server.store.loadRules()).ignoredExceptions.length, 3);
  } finally {
    await open.stop();
  }
});
