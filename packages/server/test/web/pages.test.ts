import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite';
import { SECURITY_HEADERS } from '../../src/web/guard';
import { weekStartEpochSeconds } from '../../src/week';
import { seedErrors } from './seed';
import { csrfFrom, postForm, startWebServer, type WebServer } from './support';

const NOW = Date.parse('2024-06-12T10:00:00Z');
const WEEK = '2024-06-09';
const TS = weekStartEpochSeconds(WEEK, 'UTC');
const dir = mkdtempSync(join(tmpdir(), 'flawless-pages-'));
let srv: WebServer;

const tracebackQuery = new URLSearchParams({
  filename: 'src/cart.ts',
  function_name: 'placeOrder',
  line_number: '7',
  text: 'const total = cart.items.reduce(sum, 0);',
  timestamp: String(TS + 3600),
});

before(async () => {
  // The store is prepared before the server (and its outbox sender) starts.
  const store = openSqliteStore({ path: join(dir, 'flawless.sqlite'), now: () => NOW });
  await seedErrors(store, [
    {
      week: WEEK,
      filename: 'src/cart.ts',
      line: 7,
      fn: 'placeOrder',
      text: 'const total = cart.items.reduce(sum, 0);',
      count: 12_345,
      developer: 'bob@example.org',
      lineDate: '2024-03-01T10:00:00Z',
      note: 'the line moved from 5 to 7 since the reported revision',
      at: Date.parse('2024-06-11T08:30:00Z'),
      frames: [
        { index: 0, repoPath: null, type: 'THIRDPARTY_WHITELIST' },
        { index: 1, repoPath: 'src/http.ts', type: 'DEFAULT' },
        { index: 2, repoPath: 'src/cart.ts', type: 'DEFAULT' },
      ],
      report: {
        hostname: 'web-3',
        exception_type: 'TypeError',
        exception_message: "Cannot read properties of undefined (reading 'reduce')",
        additional_info: 'POST /checkout HTTP/1.1\nhost: shop.example',
        traceback: [
          {
            filename: 'node_modules/express/lib/router/layer.js',
            line_number: 95,
            function_name: 'handle',
            text: 'fn(req, res, next);',
            frame_locals: { secretOfTheFramework: 'not shown: not blamable' },
          },
          { filename: 'src/http.ts', line_number: 20, function_name: 'route', text: 'await placeOrder(cart);' },
          {
            filename: 'src/cart.ts',
            line_number: 7,
            function_name: 'placeOrder',
            text: 'const total = cart.items.reduce(sum, 0);',
            frame_locals: { zeta: '1', cart: '{ items: undefined }' },
          },
        ],
      },
    },
  ]);
  await store.enqueueEmails(
    ['sent', 'failed', 'retrying'].map((name) => ({
      to: [`${name}@example.org`],
      subject: `Error on web-3 in src/${name}.ts`,
      text: 't',
      html: '<p>t</p>',
      dedupeKey: name,
      kind: 'error' as const,
    })),
  );
  const [sent, failed, retrying] = await store.claimOutbox(NOW, 10, 60_000);
  await store.markSent(sent!.id, NOW);
  await store.markFailed(failed!.id, '554 5.7.1 relay access denied', NOW, true);
  await store.markFailed(retrying!.id, 'connect ECONNREFUSED 127.0.0.1:25', Date.parse('2099-01-01'), false);
  srv = await startWebServer({}, { store, now: () => NOW });
});
after(async () => {
  await srv.stop();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, init?: RequestInit) => fetch(`${srv.url}${path}`, init);

test('every page answers, with the security headers, and so do errors, JSON and the stylesheet', async () => {
  const paths: [string, number, RegExp][] = [
    ['/', 200, /text\/html/],
    ['/get_weekly_error_report?timestamp=1718000000', 200, /text\/html/],
    [`/view_traceback?${tracebackQuery}`, 200, /text\/html/],
    ['/view_traceback?filename=nope&function_name=x&line_number=1&text=&timestamp=1', 404, /text\/html/],
    ['/view_traceback?line_number=not-a-number', 404, /text\/html/],
    ['/admin', 200, /text\/html/],
    ['/add_known_error', 200, /text\/html/],
    ['/add_watch', 200, /text\/html/],
    ['/remap_email', 200, /text\/html/],
    ['/disown_file', 200, /text\/html/],
    ['/add_ignored_exception', 200, /text\/html/],
    ['/view_config', 200, /text\/html/],
    ['/view_config?key=http_port', 200, /text\/html/],
    ['/outbox', 200, /text\/html/],
    ['/outbox?status=failed', 200, /text\/html/],
    ['/login', 200, /text\/html/],
    ['/check_health', 200, /application\/json/],
    ['/static/style.css', 200, /text\/css/],
    ['/api/v1/weekly', 200, /application\/json/],
    ['/api/v1/weeks', 200, /application\/json/],
    ['/api/v1/rules', 200, /application\/json/],
    ['/api/v1/outbox', 200, /application\/json/],
    ['/no-such-page', 404, /json/],
    ['/admin/rules/code/1/edit', 404, /text\/html/],
  ];
  for (const [path, status, type] of paths) {
    const res = await get(path);
    assert.equal(res.status, status, path);
    assert.match(res.headers.get('content-type') ?? '', type, path);
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      assert.equal(res.headers.get(name), value, `${path} ${name}`);
  }
  const csp = SECURITY_HEADERS['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const ingest = await fetch(`${srv.url}/api/v1/errors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(ingest.status, 400);
  assert.equal(ingest.headers.get('x-frame-options'), 'DENY');
  const page = await (await get('/')).text();
  assert.doesNotMatch(page, /<script|\sstyle=|\son[a-z]+=/i, 'no script, inline style or handler in any page');
});

test('no GET changes anything, and routes answer only their own methods', async () => {
  for (const path of [
    '/save_known_error',
    '/save_watch',
    '/save_remap_email',
    '/save_disown_file',
    '/save_ignored_exceptions',
    '/logout',
    '/admin/rules/code/1/delete',
  ]) {
    assert.equal((await get(path)).status, 404, path);
  }
  for (const [method, path] of [
    ['PATCH', '/admin'],
    ['DELETE', '/'],
    ['PUT', '/save_known_error'],
    ['PATCH', '/api/v1/rules/code/1'],
  ] as const) {
    const token = await csrfFrom(`${srv.url}/add_watch`);
    const res = await fetch(`${srv.url}${path}`, {
      method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${token}`,
    });
    assert.equal(res.status, 404, `${method} ${path}`);
  }
  assert.equal((await get('/', { method: 'HEAD' })).status, 200);
  assert.equal((await srv.server.store.loadRules()).codeRules.length, 0);
});

test('the traceback view: counts, occurrences, host, blame, code, blamable locals, additional info, whitelist link', async () => {
  const html = await (await get(`/view_traceback?${tracebackQuery}`)).text();
  assert.match(html, /TypeError in <span class="file">src\/cart\.ts<\/span>, line 7/);
  assert.match(html, /<dt>Occurrences this week<\/dt><dd>12,345<\/dd>/);
  assert.match(html, /<dt>First occurrence<\/dt><dd>2024-06-11 08:30:00 UTC<\/dd>/);
  assert.match(html, /<dt>Last occurrence<\/dt><dd>2024-06-11 08:30:00 UTC<\/dd>/);
  assert.match(html, /<dt>Host<\/dt><dd>web-3<\/dd>/);
  assert.match(
    html,
    /<dt>Blamed developer<\/dt><dd><a href="\/get_weekly_error_report\?timestamp=\d+#dev-bob%40example\.org">bob@example\.org<\/a>/,
  );
  assert.match(html, /<dt>Line last changed<\/dt><dd>2024-03-01 10:00:00 UTC in <code>c0ffee/);
  assert.match(html, /<dt>Blame explanation<\/dt><dd>the line moved from 5 to 7 since the reported revision<\/dd>/);
  assert.match(
    html,
    /File "src\/cart\.ts", line 7, in placeOrder <span class="tag">blamed<\/span><\/div><pre>const total = cart\.items\.reduce\(sum, 0\);<\/pre>/,
  );
  assert.match(html, /in handle <span class="tag">third-party<\/span>/);
  assert.match(
    html,
    /<pre class="message">TypeError: Cannot read properties of undefined \(reading &#39;reduce&#39;\)<\/pre>/,
  );
  // Locals of blamable frames only, sorted by name.
  assert.match(
    html,
    /<th scope="row">cart<\/th><td><pre>\{ items: undefined \}<\/pre><\/td><\/tr><tr><th scope="row">zeta<\/th>/,
  );
  assert.doesNotMatch(html, /secretOfTheFramework/);
  assert.match(html, /<pre class="info">POST \/checkout HTTP\/1\.1\nhost: shop\.example<\/pre>/);
  const whitelist = /<a class="button" href="([^"]+)">Add to whitelist<\/a>/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  assert.equal(
    whitelist,
    `/add_known_error?${new URLSearchParams({ filename: 'src/cart.ts', function_name: 'placeOrder', code_fragment: 'const total = cart.items.reduce(sum, 0);' })}`,
  );
  const record = (await (await get(`/api/v1/error?${tracebackQuery}`)).json()) as { count: number };
  assert.equal(record.count, 12_345);
});

test('the outbox lists waiting, sent and failed emails with their SMTP errors', async () => {
  const html = await (await get('/outbox')).text();
  const rows = [...html.matchAll(/<tr class="status-(\w+)">([\s\S]*?)<\/tr>/g)].map((m) => [m[1], m[2] ?? '']);
  assert.equal(rows.length, 3);
  const row = (status: string) => rows.find(([s]) => s === status)?.[1] ?? '';
  assert.match(row('sent'), /Error on web-3 in src\/sent\.ts[\s\S]*sent@example\.org/);
  assert.match(row('failed'), /<span class="tag">failed<\/span>[\s\S]*554 5\.7\.1 relay access denied/);
  assert.match(row('pending'), /<span class="tag">retrying<\/span>[\s\S]*connect ECONNREFUSED/);
  assert.match(html, /waiting \(1\)/);
  const failedOnly = await (await get('/outbox?status=failed')).text();
  assert.equal([...failedOnly.matchAll(/<tr class="status-/g)].length, 1);
  const api = (await (await get('/api/v1/outbox?status=failed')).json()) as { entries: Record<string, unknown>[] };
  assert.equal(api.entries.length, 1);
  assert.equal(api.entries[0]?.['last_error'], '554 5.7.1 relay access denied');
  assert.equal(api.entries[0]?.['html'], undefined, 'bodies stay out of the list');
});

test('check_health: status, version and the configuration with secrets masked', async () => {
  const masked = await startWebServer({
    smtp_password: 'smtp-secret',
    admin_password: 'admin-secret',
    ingest_token: 'tok',
  });
  try {
    const res = await fetch(`${masked.url}/check_health`);
    const text = await res.text();
    const body = JSON.parse(text) as { status: string; version: string; config: Record<string, unknown> };
    assert.equal(body.status, 'ok');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.equal(body.config['smtp_password'], '********');
    assert.doesNotMatch(text, /smtp-secret|admin-secret|"tok"/);
  } finally {
    await masked.stop();
  }
});

test('login page without a password configured says everything is open', async () => {
  const html = await (await get('/login')).text();
  assert.match(html, /No admin password is configured/);
  const token = await csrfFrom(`${srv.url}/add_watch`);
  const res = await postForm(`${srv.url}/login`, { password: 'x', next: '/outbox', _csrf: token });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/outbox');
});
