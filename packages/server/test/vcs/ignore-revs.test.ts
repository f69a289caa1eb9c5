import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseIgnoreRevs, readIgnoreRevs } from '../../src/vcs/ignore-revs';

const A = 'a'.repeat(40);
const B = 'B'.repeat(40);

test('an ignore-revs file lists full object names; comments and blank lines are skipped', () => {
  const revisions = parseIgnoreRevs(`# Prettier\n${A}\n\n  ${B}  # eslint --fix\n# ${'c'.repeat(40)}\n`);
  assert.deepEqual([...revisions], [A, B.toLowerCase()]);
});

test('the repository file is optional; an empty one counts as none; a configured one must exist', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flawless-revs-'));
  try {
    assert.equal(await readIgnoreRevs(dir, null), null);
    writeFileSync(join(dir, '.git-blame-ignore-revs'), '# nothing yet\n');
    assert.equal(await readIgnoreRevs(dir, null), null);
    writeFileSync(join(dir, '.git-blame-ignore-revs'), `${A}\n`);
    assert.deepEqual(await readIgnoreRevs(dir, null), {
      file: join(dir, '.git-blame-ignore-revs'),
      shown: '.git-blame-ignore-revs',
      revisions: new Set([A]),
    });
    writeFileSync(join(dir, 'noise.txt'), `${B}\n`);
    const configured = await readIgnoreRevs(dir, 'noise.txt');
    assert.equal(configured?.file, join(dir, 'noise.txt'));
    assert.equal(configured?.shown, 'noise.txt');
    await assert.rejects(readIgnoreRevs(dir, 'gone.txt'), /cannot read blame_ignore_revs_file gone\.txt: ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
