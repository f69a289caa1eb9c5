import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RunningServer, startServer } from '../helpers/server';

// Scripts written against the original post its form fields to its paths, without a
// browser's token; on a server without admin_password that keeps working.
let srv: RunningServer;
before(async () => {
  srv = await startServer({ repo_dir: '/nonexistent' });
});
after(() => srv.stop());

const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

test("the original's form fields and paths: remap, ignored exception, watch, known error", async () => {
  assert.equal(
    (await form('/save_remap_email', { old_email: 'old@corp.test', new_email: 'new@corp.test' })).status,
    303,
  );
  assert.equal((await form('/save_ignored_exceptions', { exc_name: 'exceptions.ValueError' })).status, 303);
  assert.equal(
    (await form('/add_watch', { filepath: 'src/api', email: 'lead@corp.test', watch_all_errors: 'true' })).status,
    303,
  );
  assert.equal(
    (
      await form('/save_known_error', {
        filename: 'src/a.ts',
        function_name: '',
        code_fragment: 'x()',
        type: 'building_blocks',
      })
    ).status,
    303,
  );
  const rules = await srv.server.store.loadRules();
  assert.deepEqual(
    rules.remaps.map((r) => [r.from, r.to]),
    [['old@corp.test', 'new@corp.test']],
  );
  assert.deepEqual(
    rules.ignoredExceptions.map((r) => r.exception_type),
    ['exceptions.ValueError'],
  );
  assert.deepEqual(
    rules.watchers.map((r) => [r.filepath, r.email, r.watch_all_errors]),
    [['src/api', 'lead@corp.test', true]],
  );
  assert.deepEqual(
    rules.codeRules.map((r) => [r.kind, r.filename, r.code_fragment]),
    [['building_block', 'src/a.ts', 'x()']],
  );
});

test('a cross-site form post from a browser still needs the token: 403, nothing stored', async () => {
  const before = (await srv.server.store.loadRules()).remaps.length;
  const res = await form(
    '/save_remap_email',
    { old_email: 'victim@corp.test', new_email: 'attacker@evil.test' },
    { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' },
  );
  assert.equal(res.status, 403);
  assert.equal((await srv.server.store.loadRules()).remaps.length, before);
});
