import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Author, alice, bob, numberedSource, TestRepo } from '../helpers/git-repo';
import { frame, type RunningServer, report, startServer } from '../helpers/server';
import { TestSmtp } from '../helpers/smtp';

const carol: Author = { name: 'Carol', email: 'carol@example.org' };
const dave: Author = { name: 'Dave', email: 'dave@example.org' };

const repo = new TestRepo();
const smtp = new TestSmtp();
let srv: RunningServer;

before(async () => {
  repo.commit(alice, '2010-05-01T10:00:00Z', { 'src/old.ts': numberedSource() });
  repo.commit(alice, '2024-01-10T10:00:00Z', {
    'src/throw.ts': numberedSource({ 3: "  throw new Error('order has no items');" }),
    'lib/block.ts': numberedSource(),
    'vendor/tp.ts': numberedSource(),
  });
  repo.commit(bob, '2024-02-01T10:00:00Z', {
    'src/caller.ts': numberedSource({ 5: '  check(order);' }),
    'src/uses-block.ts': numberedSource({ 4: '  block.run(input);' }),
    'src/known.ts': numberedSource({ 3: '  await cache.get(id);' }),
    'src/lib/util.ts': numberedSource(),
  });
  repo.commit(carol, '2024-02-02T10:00:00Z', {
    'src/remap.ts': numberedSource(),
    'src/watched/w.ts': numberedSource(),
  });
  repo.commit(dave, '2024-02-03T10:00:00Z', { 'src/legacy/x.ts': numberedSource() });
  await smtp.start();
  srv = await startServer({
    // Reports may lower the threshold only when authenticated (review F3).
    ingest_token: 'test-ingest-token',
    repo_dir: repo.dir,
    smtp_host: `127.0.0.1:${smtp.port}`,
    report_only_after_minimum_date: '2020-01-01',
  });
  const { store } = srv.server;
  const code = { function_name: null, code_fragment: null, min_alert_threshold: null, max_alert_threshold: null };
  const extras = { alert_every_n_occurrences: null, email_recipients: [], email_header: null };
  await store.addRule({ kind: 'code', rule: { kind: 'building_block', filename: 'lib/block.ts', ...code, ...extras } });
  await store.addRule({ kind: 'code', rule: { kind: 'third_party', filename: 'vendor/tp.ts', ...code, ...extras } });
  await store.addRule({
    kind: 'code',
    rule: { kind: 'known_error', filename: 'src/known.ts', ...code, ...extras, alert_every_n_occurrences: 10 },
  });
  await store.addRule({ kind: 'remap', rule: { from: 'carol@example.org', to: 'carol.new@example.org' } });
  await store.addRule({
    kind: 'disown',
    rule: { filepath: 'src/legacy', email: 'dave@example.org', designated_email: 'erin@example.org' },
  });
  await store.addRule({
    kind: 'watch',
    rule: { email: 'blamed-watcher@example.org', filepath: 'src/watched', watch_all_errors: false },
  });
  await store.addRule({
    kind: 'watch',
    rule: { email: 'all-watcher@example.org', filepath: 'src/lib/', watch_all_errors: true },
  });
  await srv.server.rules.refresh();
});

after(async () => {
  await srv.stop();
  await smtp.stop();
  repo.remove();
});

type Weekly = { errors: { key: { filename: string; line_number: number }; count: number; developer_email: string }[] };
async function weeklyEntry(filename: string) {
  const w = (await (
    await srv.get('/api/v1/weekly?include_known_errors=1&include_modified_before_min_date=1')
  ).json()) as Weekly;
  return w.errors.find((e) => e.key.filename === filename);
}

async function send(r: ReturnType<typeof report>, times = 1) {
  for (let i = 0; i < times; i++) assert.equal((await srv.post(r)).status, 202);
  await srv.server.settle();
}

test('a throw line on top blames its caller', async () => {
  await send(
    report(
      [
        frame('src/caller.ts', 5, 'check(order);', { function_name: 'submit' }),
        frame('src/throw.ts', 3, "throw new Error('order has no items');", { function_name: 'check' }),
      ],
      { error_threshold: 1 },
    ),
  );
  const e = await weeklyEntry('src/caller.ts');
  assert.equal(e?.key.line_number, 5);
  assert.equal(e?.developer_email, bob.email);
  assert.equal(await weeklyEntry('src/throw.ts'), undefined);
  assert.equal(smtp.to(bob.email).length, 1);
});

test('a building-block frame blames its caller', async () => {
  await send(
    report([frame('src/uses-block.ts', 4, 'block.run(input);'), frame('lib/block.ts', 2, 'const line2 = 2;')], {
      error_threshold: 1,
    }),
  );
  assert.equal((await weeklyEntry('src/uses-block.ts'))?.developer_email, bob.email);
  assert.equal(await weeklyEntry('lib/block.ts'), undefined);
});

test('a third-party whitelisted frame drops the report', async () => {
  await send(
    report([frame('src/lib/util.ts', 2, 'const line2 = 2;'), frame('vendor/tp.ts', 2, 'const line2 = 2;')], {
      error_threshold: 1,
    }),
  );
  assert.equal(await weeklyEntry('src/lib/util.ts'), undefined);
  assert.equal(await weeklyEntry('vendor/tp.ts'), undefined);
});

test('a known error with alert_every_n_occurrences=10 mails at 10 and 20', async () => {
  const before = smtp.to(bob.email).length;
  const r = report([frame('src/known.ts', 3, 'await cache.get(id);', { function_name: 'load' })]);
  await send(r, 9);
  assert.equal(smtp.to(bob.email).length - before, 0);
  await send(r, 1);
  assert.equal(smtp.to(bob.email).length - before, 1, 'mailed at 10');
  await send(r, 9);
  assert.equal(smtp.to(bob.email).length - before, 1);
  await send(r, 1);
  assert.equal(smtp.to(bob.email).length - before, 2, 'mailed at 20');
  await send(r, 5);
  assert.equal(smtp.to(bob.email).length - before, 2);
  assert.equal((await weeklyEntry('src/known.ts'))?.count, 25);
});

test('a line older than report_only_after_minimum_date is counted, not mailed', async () => {
  await send(report([frame('src/old.ts', 4, 'const line4 = 4;')], { error_threshold: 1 }), 3);
  assert.equal((await weeklyEntry('src/old.ts'))?.count, 3);
  assert.equal(smtp.to(alice.email).length, 0);
  const hidden = (await (await srv.get('/api/v1/weekly')).json()) as Weekly;
  assert.equal(
    hidden.errors.find((e) => e.key.filename === 'src/old.ts'),
    undefined,
    'hidden by default',
  );
});

test('email remapping, disownership and watchers reach the right inboxes', async () => {
  await send(report([frame('src/remap.ts', 2, 'const line2 = 2;')], { error_threshold: 1 }));
  assert.equal(smtp.to('carol.new@example.org').length, 1);
  assert.equal(smtp.to(carol.email).length, 0);

  await send(report([frame('src/legacy/x.ts', 2, 'const line2 = 2;')], { error_threshold: 1 }));
  assert.equal(smtp.to('erin@example.org').length, 1);
  assert.equal(smtp.to(dave.email).length, 0);

  await send(
    report([frame('src/lib/util.ts', 3, 'const line3 = 3;'), frame('src/watched/w.ts', 2, 'const line2 = 2;')], {
      error_threshold: 1,
    }),
  );
  const mail = smtp.mails.at(-1)!;
  assert.deepEqual([...mail.to].sort(), [
    'all-watcher@example.org',
    'blamed-watcher@example.org',
    'carol.new@example.org',
  ]);
});
