import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { alice, bob, numberedSource, TestRepo } from '../helpers/git-repo';
import { frame, type RunningServer, report, startServer } from '../helpers/server';
import { TestSmtp } from '../helpers/smtp';

// alice writes src/a.ts, bob later changes its line 7: errors on line 7 are bob's.
const repo = new TestRepo();
const smtp = new TestSmtp();
let srv: RunningServer;

const LINE7 = '  const total = cart.items.reduce(sum, 0);';

before(async () => {
  repo.commit(alice, '2024-01-10T10:00:00Z', { 'src/a.ts': numberedSource() });
  repo.commit(bob, '2024-03-01T10:00:00Z', { 'src/a.ts': numberedSource({ 7: LINE7 }) });
  await smtp.start();
  srv = await startServer({
    repo_dir: repo.dir,
    smtp_host: `127.0.0.1:${smtp.port}`,
    hostname: 'http://flawless.test:8080',
  });
});

after(async () => {
  await srv.stop();
  await smtp.stop();
  repo.remove();
});

const checkoutError = () =>
  report(
    [
      frame('node_modules/express/lib/router/layer.js', 95, 'fn(req, res, next);', { function_name: 'handle' }),
      frame('src/a.ts', 7, LINE7, {
        function_name: 'placeOrder',
        frame_locals: { cart: '{ items: undefined }', userId: '42' },
      }),
    ],
    { additional_info: 'POST /checkout HTTP/1.1\nhost: shop.example' },
  );

test('100 reports of one line: one email to its author once the threshold is reached; the week counts 100', async () => {
  for (let i = 0; i < 2; i++) assert.equal((await srv.post(checkoutError())).status, 202);
  await srv.server.settle();
  assert.equal(smtp.mails.length, 0, 'no email below the threshold of 3');

  assert.equal((await srv.post(checkoutError())).status, 202);
  await srv.server.settle();
  assert.equal(smtp.mails.length, 1, 'one email at the threshold');

  // The other 97, concurrently, in single reports and batches.
  const posts: Promise<Response>[] = [];
  for (let i = 0; i < 47; i++) posts.push(srv.post(checkoutError()));
  for (let i = 0; i < 5; i++) posts.push(srv.post(Array.from({ length: 10 }, checkoutError)));
  for (const r of await Promise.all(posts)) assert.equal(r.status, 202);
  await srv.server.settle();

  assert.equal(smtp.mails.length, 1, 'still exactly one email');
  const mail = smtp.mails[0]!;
  assert.deepEqual(mail.to, [bob.email]);
  assert.equal(mail.parsed.subject, 'Error on web-3 in src/a.ts');
  const text = mail.parsed.text ?? '';
  assert.match(text, /File "src\/a\.ts", line 7, in placeOrder/);
  assert.match(text, /const total = cart\.items\.reduce\(sum, 0\)/);
  assert.match(text, /cart = \{ items: undefined \}/);
  assert.match(text, /POST \/checkout HTTP\/1\.1/);
  assert.match(mail.parsed.html || '', /cart/);

  const weekly = (await (await srv.get('/api/v1/weekly')).json()) as {
    errors: { key: { filename: string; line_number: number }; count: number; developer_email: string }[];
  };
  assert.equal(weekly.errors.length, 1);
  assert.equal(weekly.errors[0]!.count, 100);
  assert.equal(weekly.errors[0]!.developer_email, bob.email);
  assert.deepEqual(weekly.errors[0]!.key, {
    filename: 'src/a.ts',
    line_number: 7,
    function_name: 'placeOrder',
    text: LINE7.trim(),
  });

  const page = await (await srv.get('/get_weekly_error_report')).text();
  assert.match(page, /bob@example\.org/);
  assert.match(page, />100</);
});
