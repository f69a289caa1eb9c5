import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAppFile, toReportPath } from '../../src/capture/paths';
import { detectRevision, findRepoRoot } from '../../src/capture/repo';
import { gitCommitAll, tempDir, writeFiles } from '../helpers/paths';

test('frame paths: relative inside the root, absolute outside, internals by name', () => {
  assert.equal(toReportPath('/repo/src/a.ts', '/repo'), 'src/a.ts');
  assert.equal(toReportPath('/repo/node_modules/express/lib/router.js', '/repo'), 'node_modules/express/lib/router.js');
  assert.equal(toReportPath('/elsewhere/lib/x.js', '/repo'), '/elsewhere/lib/x.js');
  assert.equal(toReportPath('/repository/x.js', '/repo'), '/repository/x.js');
  assert.equal(toReportPath('node:fs', '/repo'), 'node:fs');
  assert.equal(toReportPath('<anonymous>', '/repo'), '<anonymous>');
  assert.equal(isAppFile('/repo/src/a.ts'), true);
  assert.equal(isAppFile('/repo/node_modules/x/index.js'), false);
  assert.equal(isAppFile('node:internal/process/task_queues'), false);
  assert.equal(isAppFile(join(__dirname, '../../src/client.js')), false, "the client's own files");
});

test('the repository root is found from below; the revision from git, the environment or nowhere', () => {
  const tmp = tempDir();
  try {
    writeFiles(tmp.dir, { 'src/deep/a.ts': 'export {};\n' });
    const head = gitCommitAll(tmp.dir);
    assert.equal(findRepoRoot(join(tmp.dir, 'src/deep')), tmp.dir);
    assert.equal(detectRevision(tmp.dir, {}), head);
    assert.equal(detectRevision(tmp.dir, { FLAWLESS_REVISION: 'v1.2.3' }), 'v1.2.3');
    assert.equal(detectRevision(tmp.dir, { FLAWLESS_REVISION: 'bad revision!' }), undefined);
    const bare = tempDir();
    try {
      assert.equal(detectRevision(bare.dir, {}), undefined, 'not a repository');
    } finally {
      bare.cleanup();
    }
  } finally {
    tmp.cleanup();
  }
});
