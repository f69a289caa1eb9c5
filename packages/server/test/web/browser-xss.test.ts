import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { alice, numberedSource, TestRepo } from '../helpers/git-repo';
import { frame, report } from '../helpers/server';
import { assertNoInjection, browserSkip, launchChromium, visibleText, watchDialogs } from './browser';
import { startWebServer, type WebServer } from './support';

// Report data is attacker-controlled: every field a page shows carries a payload.
const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=1">';
const ALERT = `<svg onload="alert('pwned')">`;
const LINE3 = '  const user = await loadUser(req.session.id);';

const repo = new TestRepo();
let srv: WebServer;
let browser: Browser;

before(async () => {
  if (browserSkip) return;
  repo.commit(alice, '2024-02-01T10:00:00Z', { 'src/user.ts': numberedSource({ 3: LINE3 }) });
  srv = await startWebServer({ repo_dir: repo.dir, admin_password: 'pw' });
  const hostile = report(
    [
      frame('src/user.ts', 3, LINE3, {
        function_name: IMG,
        frame_locals: { [SCRIPT]: IMG, 'req.headers': `{ 'user-agent': '${SCRIPT}', referer: '${ALERT}' }` },
      }),
    ],
    {
      exception_type: `Error${IMG}`,
      exception_message: `${SCRIPT} ${ALERT}`,
      hostname: IMG,
      additional_info: `GET /?q=${SCRIPT} HTTP/1.1\nuser-agent: ${IMG}\nx-forwarded-for: ${ALERT}`,
    },
  );
  for (let i = 0; i < 3; i++) {
    assert.equal(
      (await srv.server.http.inject({ method: 'POST', url: '/api/v1/errors', payload: hostile })).statusCode,
      202,
    );
  }
  await srv.server.settle();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  repo.remove();
});

test('payloads in messages, locals and headers render as text on every page; no script runs', {
  skip: browserSkip,
}, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs = watchDialogs(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${srv.url}/`);
  await assertNoInjection(page, [IMG]);
  assert.match(await visibleText(page.locator('section.developer h2')), /alice@example\.org/);

  await page.click('table.errors td.num a');
  assert.match(page.url(), /\/view_traceback\?/);
  await assertNoInjection(page, [SCRIPT, IMG, ALERT, `GET /?q=${SCRIPT} HTTP/1.1`, `user-agent: ${IMG}`]);
  assert.match(
    await visibleText(page.locator('table.locals')),
    new RegExp(SCRIPT.replace(/[/.*+?^${}()|[\]\\]/g, '\\$&')),
  );

  await page.click('text=Add to whitelist');
  await assertNoInjection(page, [IMG, LINE3.trim()]);
  // Saving needs the password: the login form comes back to the prefilled form.
  const form = page.url();
  await page.click('.alert a');
  await assertNoInjection(page, []);
  await page.fill('#f-password', 'pw');
  await Promise.all([page.waitForURL(form), page.click('button[type=submit]')]);
  assert.equal(await page.inputValue('#f-function_name'), IMG);
  await Promise.all([page.waitForURL(/\/admin\?done=added/), page.click('form.rule button[type=submit]')]);
  await assertNoInjection(page, [IMG]);
  const saved = (await srv.server.store.loadRules()).codeRules[0];
  assert.equal(saved?.function_name, IMG, 'stored as typed, shown as text');

  await page.goto(`${srv.url}/view_config?key=known_errors`);
  await assertNoInjection(page, [IMG]);
  const editLink = page.locator('a', { hasText: 'Edit' });
  await editLink.click();
  await assertNoInjection(page, [IMG]);

  // A failing save re-renders the submitted payload: still text.
  await page.fill('#f-email_header', `${SCRIPT}${IMG}`);
  await page.fill('#f-min_alert_threshold', '-1');
  // Skip the browser's own number check so that the server's validation answers.
  await page.locator('#f-min_alert_threshold').evaluate((e) => {
    (e as { type: string }).type = 'text';
  });
  await page.click('form.rule button[type=submit]');
  await assertNoInjection(page, [`${SCRIPT}${IMG}`]);
  assert.match(await visibleText(page.locator('#f-min_alert_threshold-error')), /whole number/);

  await page.goto(`${srv.url}/get_weekly_error_report?include_known_errors=1`);
  await assertNoInjection(page, [IMG]);

  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(errors, [], 'no script error either');
  await context.close();
});
