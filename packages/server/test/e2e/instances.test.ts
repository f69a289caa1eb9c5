import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bob, numberedSource, TestRepo } from '../helpers/git-repo';
import { frame, report, startServer } from '../helpers/server';
import { TestSmtp } from '../helpers/smtp';

test('two server instances on one data directory send exactly one email per line', async () => {
  const repo = new TestRepo();
  const smtp = new TestSmtp();
  await smtp.start();
  repo.commit(bob, '2024-03-01T10:00:00Z', { 'src/a.ts': numberedSource() });
  const a = await startServer({ repo_dir: repo.dir, smtp_host: `127.0.0.1:${smtp.port}` });
  const b = await startServer({
    repo_dir: repo.dir,
    smtp_host: `127.0.0.1:${smtp.port}`,
    data_dir_path: a.config.data_dir_path,
  });
  try {
    const r = report([frame('src/a.ts', 5, 'const line5 = 5;')]);
    const posts: Promise<Response>[] = [];
    for (let i = 0; i < 40; i++) posts.push((i % 2 ? a : b).post(r));
    for (const res of await Promise.all(posts)) assert.equal(res.status, 202);
    await Promise.all([a.server.settle(), b.server.settle()]);
    // A second round after both have seen the blame.
    for (let i = 0; i < 40; i++) assert.equal((await (i % 2 ? a : b).post(r)).status, 202);
    await Promise.all([a.server.settle(), b.server.settle()]);
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(smtp.to(bob.email).length, 1);
    const weekly = (await (await a.get('/api/v1/weekly')).json()) as { errors: { count: number }[] };
    assert.equal(weekly.errors[0]?.count, 80);
  } finally {
    await b.stop({ keepData: true });
    await a.stop();
    await smtp.stop();
    repo.remove();
  }
});

test('a line that cannot be blamed is still counted, and default_contact is told once', async () => {
  const repo = new TestRepo();
  const smtp = new TestSmtp();
  await smtp.start();
  repo.commit(bob, '2024-03-01T10:00:00Z', { 'src/a.ts': numberedSource() });
  const srv = await startServer({
    repo_dir: repo.dir,
    smtp_host: `127.0.0.1:${smtp.port}`,
    default_contact: 'oncall@example.org',
  });
  try {
    const r = report([frame('src/a.ts', 5, 'this text is nowhere in the file')], { error_threshold: 1 });
    for (let i = 0; i < 5; i++) assert.equal((await srv.post(r)).status, 202);
    await srv.server.settle();
    const weekly = (await (await srv.get('/api/v1/weekly')).json()) as {
      errors: { count: number; blame_state: string; blame_note: string }[];
    };
    assert.equal(weekly.errors[0]?.count, 5);
    assert.equal(weekly.errors[0]?.blame_state, 'failed');
    assert.match(weekly.errors[0]?.blame_note ?? '', /line moved or changed/);
    assert.equal(smtp.to('oncall@example.org').length, 1);
    assert.equal(smtp.mails.length, 1, 'nobody else is mailed');
    assert.match(smtp.mails[0]?.parsed.text ?? '', /src\/a\.ts/);
  } finally {
    await srv.stop();
    await smtp.stop();
    repo.remove();
  }
});
