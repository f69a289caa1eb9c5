import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bob, numberedSource, TestRepo } from '../helpers/git-repo';
import { frame, report, startServer } from '../helpers/server';
import { TestSmtp } from '../helpers/smtp';

test('SMTP down when an email falls due, server restarted meanwhile, SMTP back: delivered exactly once', async () => {
  const repo = new TestRepo();
  const smtp = new TestSmtp();
  // Learn a free port, then leave it closed: the mail server is "down".
  const port = await smtp.start();
  await smtp.stop();
  try {
    repo.commit(bob, '2024-03-01T10:00:00Z', { 'src/a.ts': numberedSource() });
    const first = await startServer({ repo_dir: repo.dir, smtp_host: `127.0.0.1:${port}`, smtp_timeout: 2 });
    for (let i = 0; i < 3; i++)
      assert.equal((await first.post(report([frame('src/a.ts', 7, 'const line7 = 7;')]))).status, 202);
    await first.server.pipeline.drain();
    await first.server.blameWorker.idle();
    // Let the sender try (and fail) at least once.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [entry] = await first.server.store.listOutbox(1);
      if (entry && entry.attempts > 0) break;
      assert.ok(Date.now() < deadline, 'the sender tried the outbox');
      await new Promise((r) => setTimeout(r, 50));
    }
    await first.stop({ keepData: true });

    await smtp.start(port);
    const second = await startServer({
      repo_dir: repo.dir,
      smtp_host: `127.0.0.1:${port}`,
      data_dir_path: first.config.data_dir_path,
    });
    try {
      await smtp.waitFor((m) => m.length >= 1, 40_000);
      await second.server.settle();
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(smtp.to(bob.email).length, 1);
      assert.equal(smtp.mails.length, 1);
    } finally {
      await second.stop();
    }
  } finally {
    await smtp.stop();
    repo.remove();
  }
});
