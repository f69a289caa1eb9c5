import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { buildServer } from '../../src/app';
import { FlawlessError } from '../../src/errors';
import { bob, numberedSource, TestRepo } from '../helpers/git-repo';
import { postgresSkipReason, TestPostgres } from '../helpers/postgres';
import { frame, report, startServer, testConfig } from '../helpers/server';
import { TestSmtp } from '../helpers/smtp';

const skip = postgresSkipReason();
const LINE7 = '  const total = cart.items.reduce(sum, 0);';
let pg: TestPostgres;
const repo = new TestRepo();
const smtp = new TestSmtp();

before(async () => {
  repo.commit(bob, '2024-03-01T10:00:00Z', { 'src/a.ts': numberedSource({ 7: LINE7 }) });
  await smtp.start();
  if (!skip) pg = await TestPostgres.start();
});

after(async () => {
  await pg?.stop();
  await smtp.stop();
  repo.remove();
});

const checkoutError = () =>
  report([frame('src/a.ts', 7, LINE7, { function_name: 'placeOrder', frame_locals: { cart: '{}' } })]);

type Weekly = { errors: { count: number; developer_email: string; blame_state: string }[] };

describe('a server on PostgreSQL', { skip }, () => {
  test('counts every report and mails the author exactly once', async () => {
    const srv = await startServer({
      storage: await pg.createDatabase(),
      repo_dir: repo.dir,
      smtp_host: `127.0.0.1:${smtp.port}`,
    });
    try {
      for (let i = 0; i < 2; i++) assert.equal((await srv.post(checkoutError())).status, 202);
      await srv.server.settle();
      assert.equal(smtp.to(bob.email).length, 0, 'below the threshold of 3');
      const posts: Promise<Response>[] = [];
      for (let i = 0; i < 20; i++) posts.push(srv.post(checkoutError()));
      for (let i = 0; i < 4; i++) posts.push(srv.post(Array.from({ length: 10 }, checkoutError)));
      for (const r of await Promise.all(posts)) assert.equal(r.status, 202);
      await srv.server.settle();
      const weekly = (await (await srv.get('/api/v1/weekly')).json()) as Weekly;
      assert.equal(weekly.errors.length, 1);
      assert.equal(weekly.errors[0]?.count, 62);
      assert.equal(weekly.errors[0]?.developer_email, bob.email);
      const mails = smtp.to(bob.email);
      assert.equal(mails.length, 1);
      assert.equal(mails[0]?.parsed.subject, 'Error on web-3 in src/a.ts');
      assert.match(await (await srv.get('/get_weekly_error_report')).text(), />62</);
    } finally {
      await srv.stop();
      smtp.mails.length = 0;
    }
  });

  test('two server instances on one database mail once and count every report', async () => {
    const storage = await pg.createDatabase();
    const options = { storage, repo_dir: repo.dir, smtp_host: `127.0.0.1:${smtp.port}` };
    const [a, b] = await Promise.all([startServer(options), startServer(options)]);
    try {
      const posts: Promise<Response>[] = [];
      for (let i = 0; i < 40; i++) posts.push((i % 2 ? a : b).post(checkoutError()));
      for (const r of await Promise.all(posts)) assert.equal(r.status, 202);
      await Promise.all([a.server.settle(), b.server.settle()]);
      for (let i = 0; i < 40; i++) assert.equal((await (i % 2 ? a : b).post(checkoutError())).status, 202);
      await Promise.all([a.server.settle(), b.server.settle()]);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(smtp.to(bob.email).length, 1);
      for (const srv of [a, b]) {
        const weekly = (await (await srv.get('/api/v1/weekly')).json()) as Weekly;
        assert.equal(weekly.errors[0]?.count, 80);
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      smtp.mails.length = 0;
    }
  });

  test('a missing database: listen() fails with FLW_ERR_STORAGE, the password not in the message', async () => {
    const url = `postgres://${pg.user}:${pg.password}@127.0.0.1:${pg.port}/no_such_database`;
    const server = buildServer(testConfig({ storage: url, repo_dir: repo.dir }), { log: pino({ level: 'silent' }) });
    const err = await server.listen().then(
      () => assert.fail('listened'),
      (e: unknown) => e,
    );
    await server.close();
    assert.ok(err instanceof FlawlessError);
    assert.equal(err.code, 'FLW_ERR_STORAGE');
    assert.match(err.message, /^cannot open storage postgres:\/\/flawless:\*{8}@127\.0\.0\.1:\d+\/no_such_database: /);
    assert.match(err.message, /database "no_such_database" does not exist/);
    assert.ok(!err.message.includes(pg.password));
  });
});
