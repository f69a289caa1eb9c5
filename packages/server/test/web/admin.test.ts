import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { frame, report } from '../helpers/server';
import { knownError } from '../notify/fixtures';
import { csrfFrom, postForm, sendJson, startWebServer, type WebServer } from './support';

const ruleDir = mkdtempSync(join(tmpdir(), 'flawless-rules-'));
writeFileSync(join(ruleDir, 'ignored_exceptions'), JSON.stringify(['legacy list', { exception_type: 'LegacyError' }]));
let srv: WebServer;
let token: string;

before(async () => {
  srv = await startWebServer({ config_dir_path: ruleDir, smtp_password: 'hunter2-smtp' });
  token = await csrfFrom(`${srv.url}/add_watch`);
});
after(async () => {
  await srv.stop();
  rmSync(ruleDir, { recursive: true, force: true });
});

const rules = () => srv.server.store.loadRules();
const withoutId = <T extends { id: number }>({ id: _id, ...rest }: T) => rest;
const submit = (path: string, fields: Record<string, string>) =>
  postForm(`${srv.url}${path}`, { ...fields, _csrf: token });

/** The message shown next to a field, or undefined. */
function fieldError(html: string, name: string): string | undefined {
  return new RegExp(`<p class="error" id="f-${name}-error">([^<]*)</p>`).exec(html)?.[1];
}

test('every add page shows its form with a token; the whitelist link prefills the known-error form', async () => {
  for (const path of ['/add_known_error', '/add_watch', '/remap_email', '/disown_file', '/add_ignored_exception']) {
    const res = await fetch(`${srv.url}${path}`);
    assert.equal(res.status, 200, path);
    const html = await res.text();
    assert.match(html, /<form class="rule" method="post" action="\/save_[a-z_]+">/, path);
    assert.match(html, /name="_csrf" value="[\w-]{20,}"/, path);
  }
  const q = new URLSearchParams({
    filename: 'src/a.ts',
    function_name: 'placeOrder',
    code_fragment: 'const x = a["b"] < 2;',
  });
  const html = await (await fetch(`${srv.url}/add_known_error?${q}`)).text();
  assert.match(html, /id="f-filename" name="filename" required[^>]* value="src\/a\.ts"/);
  assert.match(html, /id="f-function_name" name="function_name"[^>]* value="placeOrder"/);
  assert.match(
    html,
    /<textarea id="f-code_fragment" name="code_fragment"[^>]*>const x = a\[&quot;b&quot;\] &lt; 2;<\/textarea>/,
  );
  assert.match(html, /<option value="known_error">Known error<\/option><option value="building_block">Library code/);
});

test('each kind is added through its form and listed on /admin with edit and delete', async () => {
  const cases: [string, Record<string, string>][] = [
    [
      '/save_known_error',
      {
        filename: 'src/known.ts',
        function_name: 'load',
        code_fragment: 'await cache.get(id);',
        type: 'known_error',
        min_alert_threshold: '10',
        max_alert_threshold: '1000',
        alert_every_n_occurrences: '100',
        email_recipients: 'ops@example.org, lead@example.org',
        email_header: 'Known flaky cache: see TICKET-1',
      },
    ],
    ['/save_known_error', { filename: 'lib/block.ts', type: 'building_blocks' }],
    ['/save_watch', { email: 'watcher@example.org', filepath: 'src/payments/', watch_all_errors: 'true' }],
    ['/save_remap_email', { from: 'alice', to: 'alice.new@example.org' }],
    ['/save_disown_file', { filepath: 'src/legacy', email: 'dave@example.org', designated_email: 'erin@example.org' }],
    ['/save_ignored_exceptions', { exception_type: 'AbortError' }],
  ];
  for (const [path, fields] of cases) {
    const res = await submit(path, fields);
    assert.equal(res.status, 303, `${path}: ${await res.text()}`);
    assert.match(res.headers.get('location') ?? '', /^\/admin\?done=added#rule-/);
  }
  const r = await rules();
  assert.deepEqual(
    r.codeRules.map(({ id: _id, ...rest }) => rest),
    [
      {
        kind: 'known_error',
        filename: 'src/known.ts',
        function_name: 'load',
        code_fragment: 'await cache.get(id);',
        min_alert_threshold: 10,
        max_alert_threshold: 1000,
        alert_every_n_occurrences: 100,
        email_recipients: ['ops@example.org', 'lead@example.org'],
        email_header: 'Known flaky cache: see TICKET-1',
      },
      withoutId(knownError({ kind: 'building_block', filename: 'lib/block.ts', function_name: null })),
    ],
  );
  assert.deepEqual(
    r.watchers.map(({ id: _id, ...w }) => w),
    [{ email: 'watcher@example.org', filepath: 'src/payments/', watch_all_errors: true }],
  );
  assert.deepEqual(
    r.remaps.map(({ id: _id, ...m }) => m),
    [{ from: 'alice', to: 'alice.new@example.org' }],
  );
  assert.equal(r.disownerships[0]?.designated_email, 'erin@example.org');
  assert.equal(r.ignoredExceptions[0]?.exception_type, 'AbortError');

  const admin = await (await fetch(`${srv.url}/admin?done=added`)).text();
  assert.match(admin, /Rule added\./);
  for (const id of r.codeRules.map((c) => c.id)) {
    assert.match(admin, new RegExp(`href="/admin/rules/code/${id}/edit"`));
    assert.match(admin, new RegExp(`action="/admin/rules/code/${id}/delete"`));
  }
  assert.match(admin, /from 10, up to 1000, every 100/);
});

test('invalid input: 400, the message next to the field, the values kept, nothing stored', async () => {
  const before = await rules();
  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['/save_known_error', { filename: '  ' }, 'filename', /File path is required/],
    ['/save_known_error', { filename: 'a.ts', min_alert_threshold: 'ten' }, 'min_alert_threshold', /whole number/],
    [
      '/save_known_error',
      { filename: 'a.ts', alert_every_n_occurrences: '0' },
      'alert_every_n_occurrences',
      /at least 1/,
    ],
    [
      '/save_known_error',
      { filename: 'a.ts', min_alert_threshold: '50', max_alert_threshold: '5' },
      'max_alert_threshold',
      /below the minimum/,
    ],
    [
      '/save_known_error',
      { filename: 'a.ts', email_recipients: 'ok@example.org, nope' },
      'email_recipients',
      /&quot;nope&quot; is not a valid/,
    ],
    [
      '/save_known_error',
      { filename: 'a.ts', type: 'third_party', min_alert_threshold: '3' },
      'min_alert_threshold',
      /only known errors/,
    ],
    ['/save_known_error', { filename: 'a.ts', type: 'bogus' }, 'type', /known_error, building_block or third_party/],
    ['/save_watch', { email: 'not an email', filepath: 'src' }, 'email', /not a valid email/],
    [
      '/save_watch',
      { email: 'w@example.org', filepath: 'src', watch_all_errors: 'maybe' },
      'watch_all_errors',
      /true or false/,
    ],
    [
      '/save_disown_file',
      { filepath: 'src', email: 'a@example.org', designated_email: 'A@example.org' },
      'designated_email',
      /must differ/,
    ],
    ['/save_remap_email', { from: 'someone' }, 'to', /New email is required/],
    ['/save_ignored_exceptions', { exception_type: 'AbortError' }, 'exception_type', /already ignored/],
    ['/save_ignored_exceptions', { exception_type: 'LegacyError' }, 'exception_type', /already ignored/],
  ];
  for (const [path, fields, name, message] of cases) {
    const res = await submit(path, fields);
    assert.equal(res.status, 400, `${path} ${JSON.stringify(fields)}`);
    const html = await res.text();
    assert.match(fieldError(html, name) ?? '', message, `${path} ${name}: ${fieldError(html, name)}`);
    assert.match(html, new RegExp(`id="f-${name}"[^>]*aria-invalid="true"`));
    assert.match(html, /role="alert"/);
  }
  // The submitted values come back escaped, not executed.
  const res = await submit('/save_known_error', { filename: '', function_name: '"><script>x()</script>' });
  const html = await res.text();
  assert.match(html, /value="&quot;&gt;&lt;script&gt;x\(\)&lt;\/script&gt;"/);
  assert.deepEqual(await rules(), before);
});

test('edit and delete any stored rule; rule-file rules are read-only', async () => {
  const id = (await rules()).watchers[0]?.id;
  assert.ok(id);
  const form = await (await fetch(`${srv.url}/admin/rules/watch/${id}/edit`)).text();
  assert.match(form, /action="\/admin\/rules\/watch\/\d+"/);
  assert.match(form, /value="watcher@example\.org"/);
  assert.match(form, /<option value="true" selected>/);

  const bad = await submit(`/admin/rules/watch/${id}`, { email: 'x', filepath: 'src/payments/' });
  assert.equal(bad.status, 400);
  assert.equal((await rules()).watchers[0]?.email, 'watcher@example.org', 'unchanged after a bad edit');

  const ok = await submit(`/admin/rules/watch/${id}`, {
    email: 'new@example.org',
    filepath: 'src/pay',
    watch_all_errors: 'false',
  });
  assert.equal(ok.status, 303);
  assert.deepEqual((await rules()).watchers, [
    { id, email: 'new@example.org', filepath: 'src/pay', watch_all_errors: false },
  ]);

  assert.equal((await submit(`/admin/rules/watch/${id}/delete`, {})).status, 303);
  assert.equal((await rules()).watchers.length, 0);
  assert.equal((await submit(`/admin/rules/watch/${id}/delete`, {})).status, 404);
  assert.equal((await fetch(`${srv.url}/admin/rules/watch/${id}/edit`)).status, 404);
  assert.equal((await submit('/admin/rules/nonsense/1/delete', {})).status, 404);

  // The rule file's entry is shown, marked, and cannot be changed here.
  const legacy = srv.server.rules.current().rules.ignoredExceptions.find((r) => r.exception_type === 'LegacyError');
  assert.ok(legacy && legacy.id < 0);
  const admin = await (await fetch(`${srv.url}/admin`)).text();
  assert.match(admin, /LegacyError<\/td><td class="actions"><span class="tag"[^>]*>rule file<\/span>/);
  assert.equal((await fetch(`${srv.url}/admin/rules/ignored_exception/${legacy.id}/edit`)).status, 403);
  assert.equal((await submit(`/admin/rules/ignored_exception/${legacy.id}`, { exception_type: 'X' })).status, 403);
  assert.equal((await submit(`/admin/rules/ignored_exception/${legacy.id}/delete`, {})).status, 403);
  assert.equal(
    (await sendJson(`${srv.url}/api/v1/rules/ignored_exception/${legacy.id}`, 'DELETE', undefined)).status,
    403,
  );
  assert.ok(srv.server.rules.current().rules.ignoredExceptions.some((r) => r.exception_type === 'LegacyError'));
});

test('a rule change applies to the next report, without a restart', async () => {
  const weeklyCount = async () => {
    const w = (await (
      await fetch(`${srv.url}/api/v1/weekly?include_known_errors=1&include_modified_before_min_date=1`)
    ).json()) as { errors: { count: number }[] };
    return w.errors.reduce((s, e) => s + e.count, 0);
  };
  const flaky = () => report([frame('src/a.ts', 3, 'x()')], { exception_type: 'FlakyError' });
  assert.equal((await submit('/save_ignored_exceptions', { exception_type: 'FlakyError' })).status, 303);
  const before = await weeklyCount();
  assert.equal(
    (await srv.server.http.inject({ method: 'POST', url: '/api/v1/errors', payload: flaky() })).statusCode,
    202,
  );
  await srv.server.pipeline.drain();
  assert.equal(await weeklyCount(), before, 'ignored from the next report on');

  const id = (await rules()).ignoredExceptions.find((r) => r.exception_type === 'FlakyError')?.id;
  assert.equal((await submit(`/admin/rules/ignored_exception/${id}/delete`, {})).status, 303);
  await srv.server.http.inject({ method: 'POST', url: '/api/v1/errors', payload: flaky() });
  await srv.server.pipeline.drain();
  assert.equal(await weeklyCount(), before + 1, 'counted again once the rule is gone');
});

test('view_config: every option, one option masked when secret, the original rule lists, unknown keys', async () => {
  const all = await (await fetch(`${srv.url}/view_config`)).text();
  assert.match(all, /<code>report_error_threshold<\/code><\/a><\/td><td class="file">3<\/td>/);
  assert.doesNotMatch(all, /hunter2-smtp/);

  const secret = await fetch(`${srv.url}/view_config?key=smtp_password`);
  const html = await secret.text();
  assert.equal(secret.status, 200);
  assert.match(html, /<code>\*{8}<\/code> <span class="tag">secret: masked<\/span>/);
  assert.match(html, /SMTP password/);
  assert.doesNotMatch(html, /hunter2-smtp/);
  assert.match(html, /FLAWLESS_SMTP_PASSWORD/);

  const known = await (await fetch(`${srv.url}/view_config?key=known_errors`)).text();
  assert.match(known, /src\/known\.ts/);
  assert.doesNotMatch(known, /lib\/block\.ts/, 'only known errors, not library code');
  const blocks = await (await fetch(`${srv.url}/view_config?key=building_blocks`)).text();
  assert.match(blocks, /lib\/block\.ts/);

  const typo = await fetch(`${srv.url}/view_config?key=smtp_pasword`);
  assert.equal(typo.status, 404);
  assert.match(await typo.text(), /Did you mean <a href="\/view_config\?key=smtp_password">/);
});
