import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { branchOf, CliServer, sleep, tempDir, waitFor, weeklyErrors } from './cli';
import { CHECKOUT_LINE, ReleaseRepo } from './release-repo';

test('repo_url with release-9 and release-10: cloned and blamed at release-10; release-11 pushed later is picked up', async () => {
  const dir = tempDir();
  const origin = new ReleaseRepo(dir);
  const clone = join(dir, 'data', 'repo');
  const server = await CliServer.start(['start', '--repo-update-interval', '200'], {
    cwd: dir,
    env: {
      FLAWLESS_HTTP_PORT: '0',
      FLAWLESS_PORT: '0',
      FLAWLESS_DATA_DIR_PATH: join(dir, 'data'),
      FLAWLESS_REPO_URL: origin.bare,
      FLAWLESS_REPO_BRANCH_PATTERN: 'release-\\d+',
      FLAWLESS_LOG_LEVEL: 'error',
    },
  });
  assert.match(
    server.stdout,
    /repository: .*data\/repo, kept from .*origin\.git on the newest branch matching release-\\d\+/,
  );

  // Sent at once: the blame waits for the clone, the report does not.
  const post = (line: number, text: string) =>
    server.post({
      traceback: [{ filename: 'src/checkout.js', line_number: line, function_name: 'checkout', text }],
      exception_type: 'TypeError',
      exception_message: 'boom',
      hostname: 'web-1',
    });
  assert.equal((await post(2, CHECKOUT_LINE['release-10']!)).status, 202);
  const first = await waitFor('the blame at release-10', async () =>
    (await weeklyErrors(server)).find((e) => e.key.line_number === 2 && e.blame_state !== 'pending'),
  );
  assert.equal(first.developer_email, 'carol@example.com', `blamed at release-10: ${first.blame_note}`);
  assert.equal(branchOf(clone), 'release-10');

  origin.pushRelease11();
  await waitFor('the clone to move to release-11', () => (branchOf(clone) === 'release-11' ? true : undefined));
  // The blame trusts a resolved HEAD for a second (REVISION_TTL_MS in vcs/git.ts).
  await sleep(1100);
  assert.equal((await post(3, '} // audited')).status, 202);
  const second = await waitFor('the blame at release-11', async () =>
    (await weeklyErrors(server)).find((e) => e.key.line_number === 3 && e.blame_state !== 'pending'),
  );
  assert.equal(second.developer_email, 'erin@example.org', `blamed at release-11: ${second.blame_note}`);
  assert.equal(await server.stop('SIGTERM'), 0);
});
