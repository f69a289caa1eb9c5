import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toRepoPath } from '../../src/triage/paths';

const SITE = ['site-packages'];

describe('toRepoPath', () => {
  test('an absolute path is cut after the runtime directory', () => {
    assert.equal(toRepoPath('/srv/app/lib/python3.11/site-packages/app/x.py', SITE), 'app/x.py');
  });

  test('it is cut after the LAST runtime directory', () => {
    assert.equal(toRepoPath('/venv/lib/site-packages/vendor/site-packages/pkg/mod.py', SITE), 'pkg/mod.py');
  });

  test('any of several runtime directory names cuts, the last occurrence wins', () => {
    const names = ['site-packages', 'dist-packages', 'app'];
    assert.equal(toRepoPath('/usr/lib/python3/dist-packages/svc/a.py', names), 'svc/a.py');
    assert.equal(toRepoPath('/srv/site-packages/x/app/src/b.ts', names), 'src/b.ts');
  });

  test('a runtime directory name must be a whole segment', () => {
    assert.equal(toRepoPath('/opt/my-site-packages/app/x.py', SITE), null);
  });

  test('the file name itself is not a runtime directory', () => {
    assert.equal(toRepoPath('/opt/lib/site-packages', SITE), null);
    assert.equal(toRepoPath('/opt/lib/site-packages/', SITE), null);
  });

  test('an absolute path without a runtime directory is BAD_FILEPATH', () => {
    assert.equal(toRepoPath('/usr/lib/python3.11/json/decoder.py', SITE), null);
    assert.equal(toRepoPath('/home/me/app/src/a.ts', []), null);
  });

  test('Windows paths: drive letter, backslashes', () => {
    assert.equal(toRepoPath('C:\\Python311\\Lib\\site-packages\\app\\views.py', SITE), 'app/views.py');
    assert.equal(toRepoPath('d:/py/site-packages/app/x.py', SITE), 'app/x.py');
    assert.equal(toRepoPath('C:\\work\\app\\x.py', SITE), null);
    assert.equal(toRepoPath('C:x.py', SITE), null);
  });

  test('a relative path is repo-relative, normalised', () => {
    assert.equal(toRepoPath('src/orders/checkout.ts', SITE), 'src/orders/checkout.ts');
    assert.equal(toRepoPath('./src/a.ts', SITE), 'src/a.ts');
    assert.equal(toRepoPath('src/x/../a.ts', SITE), 'src/a.ts');
    assert.equal(toRepoPath('src//./a.ts', SITE), 'src/a.ts');
    assert.equal(toRepoPath('src\\win\\a.ts', SITE), 'src/win/a.ts');
  });

  test('a relative path through a runtime directory is cut too', () => {
    assert.equal(toRepoPath('venv/lib/site-packages/requests/api.py', SITE), 'requests/api.py');
  });

  test('a relative path escaping the repository is BAD_FILEPATH', () => {
    assert.equal(toRepoPath('../other/a.ts', SITE), null);
    assert.equal(toRepoPath('src/../../a.ts', SITE), null);
    assert.equal(toRepoPath('src/..', SITE), null);
  });

  test('pseudo paths, URLs and empty are BAD_FILEPATH', () => {
    for (const name of [
      '',
      '   ',
      'node:internal/process/task_queues',
      'node:fs',
      'internal/modules/cjs/loader.js',
      '<anonymous>',
      'evalmachine.<anonymous>',
      '<frozen importlib._bootstrap>',
      '<string>',
      '[eval]',
      'webpack:///./src/a.ts',
      'https://cdn.example.com/app.js',
      'file://fileserver/share/site-packages/a.py',
    ]) {
      assert.equal(toRepoPath(name, SITE), null, name);
    }
  });

  test('file:/// URLs are their absolute path', () => {
    assert.equal(toRepoPath('file:///srv/site-packages/app/x.py', SITE), 'app/x.py');
    assert.equal(toRepoPath('file:///srv/site-packages/app/with%20space.py', SITE), 'app/with space.py');
    assert.equal(toRepoPath('file:///C:/py/site-packages/app/x.py', SITE), 'app/x.py');
    assert.equal(toRepoPath('file:///home/me/app/x.ts', SITE), null);
  });
});
