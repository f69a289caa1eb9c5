import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createGitVersionControl } from '../../src/vcs/git';
import type { GitCallEvent } from '../../src/vcs/run-git';
import type { BlameRequest, VersionControl } from '../../src/vcs/types';
import { alice, bob, carol, epoch, numberedLines, okResult, TestRepo } from './git-fixture';

const BOB_LINE = "export const value7 = 'changed by bob';";

describe('git blame of one line', () => {
  let repo: TestRepo;
  let vcs: VersionControl;
  const calls: GitCallEvent[] = [];
  let first: string;
  let second: string;
  let third: string;
  const ask = (request: Partial<BlameRequest>) =>
    vcs.blame({ path: 'src/a.ts', lineNumber: 7, text: BOB_LINE, revision: null, ...request });

  before(() => {
    repo = new TestRepo();
    repo.write('src/a.ts', numberedLines(10));
    first = repo.commit(alice, '2021-01-01T10:00:00Z', 'alice writes a.ts');
    repo.write('src/a.ts', numberedLines(10, { 7: BOB_LINE }));
    second = repo.commit(bob, '2021-02-03T04:05:06Z', 'bob changes line 7');
    repo.write('src/a.ts', `${numberedLines(5).replace(/value/g, 'header')}${numberedLines(10, { 7: BOB_LINE })}`);
    third = repo.commit(carol, '2021-03-01T00:00:00Z', 'carol adds five lines on top');
    vcs = createGitVersionControl({
      repoDir: repo.dir,
      gitPath: 'git',
      maxConcurrent: 4,
      ignoreRevsFile: null,
      ignoreAuthors: null,
      onGitCall: (event) => calls.push(event),
    });
  });
  after(async () => {
    await vcs.close();
    repo.remove();
  });

  test('blames the author who last changed the line, with their author time', async () => {
    const result = okResult(await ask({ revision: second }));
    assert.deepEqual(result, {
      authorEmail: bob.email,
      authorName: 'bob',
      authorTime: epoch('2021-02-03T04:05:06Z'),
      commit: second,
      revision: second,
      lineNumber: 7,
      note: '',
    });
  });

  test('blames at the older revision the report names', async () => {
    const result = okResult(await ask({ revision: first.slice(0, 10), text: 'export const value7 = 7;' }));
    assert.equal(result.authorName, 'alice');
    assert.equal(result.commit, first);
    assert.equal(result.revision, first);
    assert.equal(result.authorTime, epoch('2021-01-01T10:00:00Z'));
  });

  test('an unknown revision is blamed at HEAD, and the note says so', async () => {
    const result = okResult(await ask({ revision: 'deadbeef', lineNumber: 12 }));
    assert.equal(result.authorName, 'bob');
    assert.equal(result.revision, third);
    assert.equal(result.note, 'revision "deadbeef" is not in the repository, so HEAD was blamed');
  });

  test('a revision that looks like an option never reaches git', async () => {
    const before = calls.length;
    const result = okResult(await ask({ revision: '--output=/tmp/x', lineNumber: 12 }));
    assert.equal(result.revision, third);
    assert.match(result.note, /is not in the repository, so HEAD was blamed/);
    const args = calls.slice(before).flatMap((call) => call.args);
    assert.ok(!args.some((arg) => arg.includes('--output')), args.join(' '));
  });

  test('a line that moved since the report is found by its text', async () => {
    const result = okResult(await ask({}));
    assert.equal(result.authorName, 'bob');
    assert.equal(result.commit, second);
    assert.equal(result.lineNumber, 12);
    assert.equal(result.note, 'line moved from 7 to 12');
  });

  test('whitespace differences do not count as a change', async () => {
    const result = okResult(await ask({ lineNumber: 12, text: `  ${BOB_LINE.replace(/ /g, '   ')}\t` }));
    assert.equal(result.lineNumber, 12);
    assert.equal(result.note, '');
  });

  test('text found nowhere blames nobody', async () => {
    const outcome = await ask({ text: 'throw new Error("gone")' });
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok && outcome.kind === 'text_not_found');
    assert.match(outcome.reason, /^line moved or changed since the report: /);
  });

  test('a line past the end or a missing file is no_such_line', async () => {
    const past = await ask({ lineNumber: 99, text: '' });
    assert.ok(!past.ok && past.kind === 'no_such_line', JSON.stringify(past));
    const missing = await ask({ path: 'src/missing.ts', text: '' });
    assert.ok(!missing.ok && missing.kind === 'no_such_line', JSON.stringify(missing));
    const zero = await ask({ lineNumber: 0 });
    assert.ok(!zero.ok && zero.kind === 'no_such_line', JSON.stringify(zero));
  });

  test('an empty text blames the line as asked', async () => {
    const result = okResult(await ask({ lineNumber: 1, text: '' }));
    assert.equal(result.authorName, 'carol');
  });

  test('paths that leave the repository are refused', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'flawless-outside-'));
    symlinkSync(outside, join(repo.dir, 'src', 'escape'));
    try {
      for (const path of ['../a.ts', '/etc/passwd', 'src/../../a.ts', 'src/escape/x.ts', '', '.']) {
        const outcome = await ask({ path });
        assert.ok(!outcome.ok && outcome.kind === 'path_outside', `${path}: ${JSON.stringify(outcome)}`);
      }
      const normalised = okResult(await ask({ path: './src/../src/a.ts', lineNumber: 12 }));
      assert.equal(normalised.authorName, 'bob');
    } finally {
      rmSync(join(repo.dir, 'src', 'escape'));
      rmSync(outside, { recursive: true });
    }
  });

  test('no repository is reported as such', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'flawless-norepo-'));
    const options = { gitPath: 'git', maxConcurrent: 1, ignoreRevsFile: null, ignoreAuthors: null };
    try {
      for (const repoDir of [empty, join(empty, 'missing')]) {
        const other = createGitVersionControl({ ...options, repoDir });
        const outcome = await other.blame({ path: 'a.ts', lineNumber: 1, text: '', revision: null });
        assert.ok(!outcome.ok && outcome.kind === 'no_repository', JSON.stringify(outcome));
      }
      const noGit = createGitVersionControl({ ...options, repoDir: repo.dir, gitPath: join(empty, 'no-git') });
      const outcome = await noGit.blame({ path: 'src/a.ts', lineNumber: 1, text: '', revision: null });
      assert.ok(!outcome.ok && outcome.kind === 'git_failed', JSON.stringify(outcome));
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});
