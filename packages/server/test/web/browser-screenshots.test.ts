import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { StackFrame } from '@flawless/protocol';
import type { Browser } from 'playwright-core';
import { type Author, alice, bob, numberedSource, TestRepo } from '../helpers/git-repo';
import { frame, report } from '../helpers/server';
import { browserSkip, launchChromium } from './browser';
import { startWebServer, type WebServer } from './support';

/** docs/screenshots at the repository root (this file runs from packages/server/dist/test/web). */
const SHOTS = resolve(__dirname, '../../../../../docs/screenshots');
const carol: Author = { name: 'Carol Nguyen', email: 'carol@example.org' };
const dave: Author = { name: 'Dave', email: 'dave@example.org' };
const erin: Author = { name: 'Erin', email: 'erin@example.org' };

interface Site {
  author: Author;
  date: string;
  file: string;
  line: number;
  fn: string;
  text: string;
  count: number;
  type: string;
  message: string;
  locals: Record<string, string>;
}

// A week of a small web shop: a few developers, errors with long tails.
const SITES: Site[] = [
  {
    author: bob,
    date: '2024-05-02T09:12:00Z',
    file: 'src/checkout/cart.ts',
    line: 7,
    fn: 'placeOrder',
    text: 'const total = cart.items.reduce(sum, 0);',
    count: 12_873,
    type: 'TypeError',
    message: "Cannot read properties of undefined (reading 'reduce')",
    locals: {
      cart: "Cart { id: 'c-8812', items: undefined, currency: 'EUR' }",
      userId: '40213',
      sum: '[Function: sum]',
    },
  },
  {
    author: bob,
    date: '2024-05-02T09:12:00Z',
    file: 'src/checkout/cart.ts',
    line: 18,
    fn: 'applyCoupon',
    text: 'const discount = coupons.get(code)!.percent;',
    count: 341,
    type: 'TypeError',
    message: "Cannot read properties of undefined (reading 'percent')",
    locals: { code: "'SUMMER24'", coupons: 'Map(3) { ... }' },
  },
  {
    author: alice,
    date: '2024-04-18T14:40:00Z',
    file: 'src/api/orders.ts',
    line: 12,
    fn: 'getOrder',
    text: 'const order = await db.orders.findOne({ id: req.params.id });',
    count: 4_210,
    type: 'QueryTimeoutError',
    message: 'Query read timeout after 5000 ms (orders.findOne)',
    locals: { req: "IncomingMessage { method: 'GET', url: '/api/orders/77120' }" },
  },
  {
    author: alice,
    date: '2024-04-18T14:40:00Z',
    file: 'src/api/orders.ts',
    line: 25,
    fn: 'listOrderLines',
    text: 'res.json(serialize(order.lines));',
    count: 97,
    type: 'RangeError',
    message: 'Maximum call stack size exceeded',
    locals: { order: 'Order { id: 77120, lines: [Array(2048)] }' },
  },
  {
    author: carol,
    date: '2024-05-28T08:03:00Z',
    file: 'src/auth/session.ts',
    line: 9,
    fn: 'verifySession',
    text: 'const claims = jwt.verify(token, secret) as Claims;',
    count: 2_045,
    type: 'JsonWebTokenError',
    message: 'jwt malformed',
    locals: { token: "'eyJhbGciOiJIUzI1NiJ9.e30'" },
  },
  {
    author: dave,
    date: '2024-03-11T16:20:00Z',
    file: 'src/search/query.ts',
    line: 14,
    fn: 'searchProducts',
    text: "return index.search(terms.join(' '), { limit });",
    count: 560,
    type: 'TypeError',
    message: 'terms.join is not a function',
    locals: { terms: "'red shoes'", limit: '24' },
  },
  {
    author: dave,
    date: '2024-03-11T16:20:00Z',
    file: 'src/search/query.ts',
    line: 30,
    fn: 'facetValues',
    text: 'const values = facets[name].values;',
    count: 33,
    type: 'TypeError',
    message: "Cannot read properties of undefined (reading 'values')",
    locals: { name: "'colour'" },
  },
  {
    author: erin,
    date: '2024-06-03T11:00:00Z',
    file: 'src/email/receipt.ts',
    line: 5,
    fn: 'renderReceipt',
    text: 'return template.render({ user, order });',
    count: 8,
    type: 'TemplateError',
    message: 'unknown filter "currency" at line 14',
    locals: { user: "User { id: 40213, locale: 'de-DE' }" },
  },
];

const repo = new TestRepo();
let srv: WebServer;
let browser: Browser;

before(async () => {
  if (browserSkip) return;
  // One commit per author and file, so that each line is blamed on its author.
  const byCommit = new Map<string, Site[]>();
  for (const s of SITES)
    byCommit.set(`${s.author.email}|${s.file}`, [...(byCommit.get(`${s.author.email}|${s.file}`) ?? []), s]);
  const commits = [...byCommit.values()].sort((a, b) => a[0]!.date.localeCompare(b[0]!.date));
  for (const sites of commits) {
    const first = sites[0]!;
    const lines = Object.fromEntries(sites.map((s) => [s.line, `  ${s.text}`]));
    repo.commit(first.author, first.date, { [first.file]: numberedSource(lines, 40) }, `Change ${first.fn}`);
  }
  srv = await startWebServer(
    { repo_dir: repo.dir, report_only_after_minimum_date: '2024-01-01' },
    { now: () => Date.parse('2024-06-12T10:00:00Z') },
  );
  for (const [i, s] of SITES.entries()) {
    const frames: StackFrame[] = [
      frame('node_modules/express/lib/router/layer.js', 95, 'fn(req, res, next);', { function_name: 'handle' }),
      frame('src/server/routes.ts', 41, 'await handler(req, res);', { function_name: 'dispatch' }),
      frame(s.file, s.line, s.text, { function_name: s.fn, frame_locals: s.locals }),
    ];
    const r = report(frames, {
      exception_type: s.type,
      exception_message: s.message,
      hostname: `web-${(i % 4) + 1}`,
      error_count: s.count,
      additional_info: `POST /checkout HTTP/1.1\nhost: shop.example\nuser-agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)\nx-request-id: 7f3c${i}e21`,
    });
    assert.equal((await srv.server.http.inject({ method: 'POST', url: '/api/v1/errors', payload: r })).statusCode, 202);
  }
  await srv.server.settle();
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  repo.remove();
});

test('screenshots of the leaderboard and the traceback view at 1280 and 390 px; no sideways scrolling on a phone', {
  skip: browserSkip,
}, async () => {
  const traceback = new URLSearchParams({
    filename: 'src/checkout/cart.ts',
    function_name: 'placeOrder',
    line_number: '7',
    text: SITES[0]!.text,
    timestamp: String(Date.parse('2024-06-12T10:00:00Z') / 1000),
  });
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: width > 800 ? 900 : 844 } });
    await page.goto(`${srv.url}/`);
    const ranking = await page.locator('ol.ranking li').allInnerTexts();
    assert.deepEqual(
      ranking.map((t) => t.split(/\s/)[0]),
      ['bob@example.org', 'alice@example.org', 'carol@example.org', 'dave@example.org', 'erin@example.org'],
    );
    assert.match(ranking[0] ?? '', /13,214/);
    for (const [name, path] of [
      ['leaderboard', '/'],
      ['traceback', `/view_traceback?${traceback}`],
    ] as const) {
      await page.goto(`${srv.url}${path}`);
      const overflow = await page.evaluate(() => {
        const root = (
          globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
        ).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      assert.ok(overflow <= 0, `${name} at ${width}px scrolls sideways by ${overflow}px`);
      const file = join(SHOTS, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 10_000, `${file} written`);
    }
    await page.close();
  }
});
