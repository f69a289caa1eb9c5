import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { developerAnchor } from '../../src/notify/links';
import { renderErrorEmail, renderProblemEmail } from '../../src/notify/render';
import { knownError, makeRecord, makeReport, makeSettings } from './fixtures';

const settings = makeSettings({ hostname: 'http://flawless.test:8080' });
const render = (overrides: Parameters<typeof renderErrorEmail>[0] | object = {}) =>
  renderErrorEmail({ record: makeRecord(), report: makeReport(), knownError: null, settings, ...overrides });

/** The href values of the HTML part, unescaped as a browser would. */
function hrefs(html: string): URL[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => new URL((m[1] ?? '').replace(/&amp;/g, '&')));
}

describe('renderErrorEmail', () => {
  test('subject names the reporting host and the blamed file', () => {
    assert.equal(render().subject, 'Error on web-3 in src/orders/checkout.ts');
    assert.equal(render({ report: makeReport({ hostname: 'bad\r\nBcc: x@evil.test' }) }).subject.includes('\n'), false);
  });

  test('the traceback, Python style, ends with type and message', () => {
    const { text, html } = render();
    const expected = [
      'Traceback (most recent call last):',
      '  File "src/server/app.ts", line 10, in handle',
      '    await placeOrder(req.body)',
      '  File "node_modules/lib/index.js", line 5, in wrap',
      '    return fn()',
      '  File "src/orders/checkout.ts", line 42, in placeOrder',
      '    const total = cart.items.reduce(sum, 0)',
      "TypeError: Cannot read properties of undefined (reading 'reduce')",
    ];
    assert.ok(text.includes(expected.map((l) => `    ${l}`).join('\n')), text);
    assert.ok(html.includes('<h3 style="margin:16px 0 4px">TypeError</h3>'));
    assert.ok(html.includes('  File &quot;src/orders/checkout.ts&quot;, line 42, in placeOrder\n'));
  });

  test('Stack Frame: locals of blamable frames only, sorted by name', () => {
    const { text } = render();
    const section = text.slice(text.indexOf('Stack Frame'), text.indexOf('Additional Information'));
    assert.ok(
      section.includes(
        [
          '    File "src/server/app.ts", line 10, in handle',
          '        alpha = 1',
          '        req = IncomingMessage {}',
          '        zeta = 26',
        ].join('\n'),
      ),
      section,
    );
    assert.ok(section.includes('        base = 0\n        cart = { items: undefined }'), section);
    assert.equal(section.includes('secretLibraryLocal'), false);
    assert.equal(section.includes('node_modules/lib'), false);
  });

  test('Additional Information, the blame and its note', () => {
    const { text } = render({ record: makeRecord({ blame_note: 'the line moved from 40 to 42 since 3f2a1c9' }) });
    assert.match(text, /Additional Information\n-+\n\n {4}POST \/checkout HTTP\/1.1\n {4}Host: shop.example.com/);
    assert.match(text, /last changed by alice@example.org on 2024-02-01 \(commit 3f2a1c9d0e8b\)/);
    assert.ok(text.includes('the line moved from 40 to 42 since 3f2a1c9'));
    assert.match(
      render({ report: makeReport({ additional_info: undefined }) }).text,
      /Additional Information\n-+\n\n\(none\)/,
    );
  });

  test("a known error's email_header comes first", () => {
    const { text } = render({ knownError: knownError({ email_header: 'Known flaky: see RUNBOOK-12' }) });
    assert.ok(text.startsWith('Known flaky: see RUNBOOK-12\n'));
  });

  test('links: most recent occurrence, the developer on the weekly report, whitelist form; integer timestamps', () => {
    const { html, text } = render();
    const [view, weekly, whitelist] = hrefs(html);
    const seconds = String(Math.floor(Date.UTC(2024, 2, 5, 10, 30, 15, 250) / 1000));
    assert.ok(view && weekly && whitelist);
    assert.equal(`${view.origin}${view.pathname}`, 'http://flawless.test:8080/view_traceback');
    assert.deepEqual(Object.fromEntries(view.searchParams), {
      filename: 'src/orders/checkout.ts',
      function_name: 'placeOrder',
      line_number: '42',
      text: 'const total = cart.items.reduce(sum, 0)',
      timestamp: seconds,
    });
    assert.match(seconds, /^\d+$/);
    assert.equal(weekly.pathname, '/get_weekly_error_report');
    assert.equal(weekly.searchParams.get('timestamp'), seconds);
    assert.equal(weekly.hash, `#${developerAnchor('alice@example.org')}`);
    assert.equal(whitelist.pathname, '/add_known_error');
    assert.deepEqual(Object.fromEntries(whitelist.searchParams), {
      filename: 'src/orders/checkout.ts',
      function_name: 'placeOrder',
      code_fragment: 'const total = cart.items.reduce(sum, 0)',
    });
    assert.ok(text.includes(`View most recent occurrence: ${view.href}`));
  });

  test('report text never reaches the HTML unescaped', () => {
    const evil = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>'];
    const payload = evil.join(' ');
    const report = makeReport({
      exception_type: payload,
      exception_message: payload,
      hostname: payload,
      additional_info: payload,
    });
    const last = report.traceback[2]!;
    last.filename = `src/${payload}.ts`;
    last.function_name = payload;
    last.text = payload;
    last.frame_locals = { [payload]: payload };
    const record = makeRecord({
      key: { filename: `src/${payload}.ts`, line_number: 42, function_name: payload, text: payload },
      developer_email: `${payload}@x.test`,
      blame_note: payload,
    });
    const { html } = renderErrorEmail({
      record,
      report,
      knownError: knownError({ email_header: payload }),
      settings,
    });
    for (const bad of [...evil, '<script', '<img', '<svg', 'onerror=alert(1)>']) {
      assert.equal(html.includes(bad), false, `found ${bad}`);
    }
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    // Only our own tags remain.
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z0-9!]+)/g)].map((m) => m[1]?.toLowerCase()));
    assert.deepEqual([...tags].sort(), ['!doctype', 'a', 'body', 'h3', 'head', 'html', 'li', 'meta', 'p', 'pre', 'ul']);
  });
});

describe('renderProblemEmail', () => {
  test('goes to default_contact, escaped', () => {
    const m = renderProblemEmail({
      subject: 'Flawless: could not assign an error',
      lines: ['No blamable frame in <b>x</b>', 'second'],
      settings,
    });
    assert.deepEqual(m.to, ['ops@corp.test']);
    assert.equal(m.subject, 'Flawless: could not assign an error');
    assert.ok(m.text.startsWith('No blamable frame in <b>x</b>\n\nsecond\n'));
    assert.ok(m.html.includes('No blamable frame in &lt;b&gt;x&lt;/b&gt;'));
    const none = renderProblemEmail({ subject: 's', lines: [], settings: makeSettings({ defaultContact: null }) });
    assert.deepEqual(none.to, []);
  });
});
