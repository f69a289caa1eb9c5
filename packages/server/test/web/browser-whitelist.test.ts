import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { alice, bob, numberedSource, TestRepo } from '../helpers/git-repo';
import { frame, report } from '../helpers/server';
import { TestSmtp } from '../helpers/smtp';
import { browserSkip, launchChromium, visibleText } from './browser';
import { startWebServer, type WebServer } from './support';

// bob's line 7 fails; the email it triggers is followed in a real browser.
const LINE7 = '  const total = cart.items.reduce(sum, 0);';
const LINE9 = '  return applyDiscount(total, user.tier);';
const repo = new TestRepo();
const smtp = new TestSmtp();
let now = Date.parse('2024-06-12T10:00:00Z');
let srv: WebServer;
let browser: Browser;

before(async () => {
  if (browserSkip) return;
  repo.commit(alice, '2024-01-10T10:00:00Z', { 'src/cart.ts': numberedSource() });
  repo.commit(bob, '2024-03-01T10:00:00Z', { 'src/cart.ts': numberedSource({ 7: LINE7, 9: LINE9 }) });
  await smtp.start();
  srv = await startWebServer(
    { repo_dir: repo.dir, smtp_host: `127.0.0.1:${smtp.port}`, hostname: 'http://flawless.example:8080' },
    { now: () => now },
  );
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  await smtp.stop();
  repo.remove();
});

const failure = (line: number, text: string) =>
  report([
    frame('node_modules/express/lib/router/layer.js', 95, 'fn(req, res, next);', { function_name: 'handle' }),
    frame('src/cart.ts', line, text, { function_name: 'placeOrder', frame_locals: { cart: '{ items: undefined }' } }),
  ]);

async function send(n: number, line: number, text: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await srv.server.http.inject({ method: 'POST', url: '/api/v1/errors', payload: failure(line, text) });
    assert.equal(res.statusCode, 202);
  }
  await srv.server.settle();
}

test('"Add to whitelist" from a real email: the prefilled form saves a known error; later reports are known and not mailed', {
  skip: browserSkip,
}, async () => {
  await send(3, 7, LINE7);
  assert.equal(smtp.mails.length, 1, 'the threshold of 3 sends one email');
  const mail = smtp.mails[0]!;
  assert.deepEqual(mail.to, [bob.email]);
  const href = /<a href="([^"]+)">Add to whitelist<\/a>/.exec(mail.parsed.html || '')?.[1]?.replace(/&amp;/g, '&');
  assert.ok(href, 'the email has an "Add to whitelist" link');
  const link = new URL(href);
  assert.equal(link.origin, 'http://flawless.example:8080');
  assert.equal(link.pathname, '/add_known_error');

  const page = await browser.newPage();
  await page.goto(`${srv.url}${link.pathname}${link.search}`);
  assert.equal(await page.inputValue('#f-filename'), 'src/cart.ts');
  assert.equal(await page.inputValue('#f-function_name'), 'placeOrder');
  assert.equal(await page.inputValue('#f-code_fragment'), LINE7.trim());
  assert.equal(await page.inputValue('#f-type'), 'known_error');
  await Promise.all([page.waitForURL(/\/admin\?done=added/), page.click('button[type=submit]')]);
  assert.match(await visibleText(page.locator('.notice')), /Rule added/);
  assert.match(
    await visibleText(page.locator('#code')),
    /src\/cart\.ts\s+placeOrder\s+const total = cart\.items\.reduce\(sum, 0\);\s+never mailed/,
  );
  const rules = await srv.server.store.loadRules();
  assert.equal(rules.codeRules.length, 1);
  assert.equal(rules.codeRules[0]?.code_fragment, LINE7.trim());

  // Next week the count starts again: an unknown line would be mailed at 3, the known one is not.
  now += 7 * 86_400_000;
  await send(5, 7, LINE7);
  await send(3, 9, LINE9);
  assert.equal(smtp.mails.length, 2, 'only the other line is mailed');
  assert.match(smtp.mails[1]?.parsed.text ?? '', /line 9, in placeOrder/);

  const weekly = (await (await fetch(`${srv.url}/api/v1/weekly?include_known_errors=1`)).json()) as {
    errors: { key: { line_number: number }; count: number; is_known_error: boolean; email_sent: boolean }[];
  };
  const line7 = weekly.errors.find((e) => e.key.line_number === 7);
  assert.deepEqual(
    { count: line7?.count, known: line7?.is_known_error, mailed: line7?.email_sent },
    { count: 5, known: true, mailed: false },
  );

  // The leaderboard hides it by default and shows it, marked, with the toggle.
  await page.goto(`${srv.url}/`);
  assert.doesNotMatch(await visibleText(page.locator('main')), /src\/cart\.ts\s+placeOrder\s+7/);
  await page.click('text=Show known errors');
  const row = page.locator('tr.known');
  assert.equal(await row.count(), 1);
  assert.match(await visibleText(row), /^5\s+src\/cart\.ts\s+placeOrder\s+7[\s\S]*known/);
  await row.locator('a').click();
  assert.match(await visibleText(page.locator('dl.facts')), /Known error\s+yes/);
  await page.close();
});
