// Security review F3: an anonymous sender must not turn reports into emails at will.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { alice, numberedSource, TestRepo } from '../helpers/git-repo';
import { frame, type RunningServer, report, startServer } from '../helpers/server';
import { TestSmtp } from '../helpers/smtp';

const repo = new TestRepo();
const smtp = new TestSmtp();

before(async () => {
  repo.commit(alice, '2024-01-10T10:00:00Z', { 'src/cart.ts': numberedSource() });
  await smtp.start();
});
after(async () => {
  await smtp.stop();
  repo.remove();
});

const lowThreshold = (fn: string) =>
  report([frame('src/cart.ts', 3, 'const line3 = 3;', { function_name: fn })], { error_threshold: 1 });

describe('a report asking for a threshold below report_error_threshold', () => {
  let open: RunningServer;
  let guarded: RunningServer;
  before(async () => {
    open = await startServer({ repo_dir: repo.dir, smtp_host: `127.0.0.1:${smtp.port}` });
    guarded = await startServer({
      repo_dir: repo.dir,
      smtp_host: `127.0.0.1:${smtp.port}`,
      ingest_token: 'tok-f3',
    });
  });
  after(async () => {
    await open.stop();
    await guarded.stop();
  });

  test('is held to the server threshold when the sender is anonymous', async () => {
    const before = smtp.mails.length;
    const batch = Array.from({ length: 50 }, (_, i) => lowThreshold(`phish${i}`));
    assert.equal((await open.post(batch)).status, 202);
    await open.server.settle();
    assert.equal(smtp.mails.length - before, 0, '50 one-off keys, threshold 3: no email');
  });

  test('is obeyed when the sender carries the ingest token', async () => {
    const before = smtp.mails.length;
    assert.equal((await guarded.post(lowThreshold('realOne'))).status, 202);
    await guarded.server.settle();
    assert.equal(smtp.mails.length - before, 1);
  });
});
