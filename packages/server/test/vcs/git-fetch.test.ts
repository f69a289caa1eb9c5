import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGitVersionControl } from '../../src/vcs/git';
import type { GitCallEvent } from '../../src/vcs/run-git';
import type { BlameRequest, VersionControl } from '../../src/vcs/types';
import { alice, bob, carol, numberedLines, okResult, TestRepo } from './git-fixture';

const BOB_LINE = "export const value3 = 'bob';";
const CAROL_LINE = "export const value3 = 'carol';";

describe('a revision the managed clone lacks', () => {
  // work → (push) → origin.git → (clone) → clone: the clone is what the server blames in.
  let work: TestRepo;
  let clone: string;
  let head: string;
  let pushed: string;
  let unpushedShort: string;
  const calls: string[] = [];
  const fetches = () => calls.filter((command) => command === 'fetch').length;

  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'], HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' },
    });

  const create = (fetchMissing: boolean): VersionControl =>
    createGitVersionControl({
      repoDir: clone,
      gitPath: 'git',
      maxConcurrent: 4,
      ignoreRevsFile: null,
      fetchMissing,
      onGitCall: (event: GitCallEvent) => {
        if (event.phase === 'start') calls.push(event.args[0] ?? '');
      },
    });
  const ask = (vcs: VersionControl, revision: string, text = BOB_LINE) =>
    vcs.blame({ path: 'src/a.ts', lineNumber: 3, text, revision } satisfies BlameRequest);

  before(() => {
    work = new TestRepo();
    work.write('src/a.ts', numberedLines(10));
    head = work.commit(alice, '2021-01-01T00:00:00Z');
    const origin = join(work.dir, '..', 'origin.git');
    clone = join(work.dir, '..', 'clone');
    git(join(work.dir, '..'), 'clone', '-q', '--bare', work.dir, origin);
    git(join(work.dir, '..'), 'clone', '-q', origin, clone);
    // Deployed after the clone was made: origin has it, the clone does not.
    work.write('src/a.ts', numberedLines(10, { 3: BOB_LINE }));
    pushed = work.commit(bob, '2021-02-01T00:00:00Z');
    work.gitWith({}, 'push', '-q', origin, 'main');
    // Never pushed: nobody can fetch it.
    work.write('src/a.ts', numberedLines(10, { 3: CAROL_LINE }));
    unpushedShort = work.commit(carol, '2021-03-01T00:00:00Z').slice(0, 12);
  });
  after(() => work.remove());

  test('a full commit name is fetched once, then blamed at', async () => {
    const vcs = create(true);
    const before = fetches();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => ask(vcs, pushed)));
    for (const outcome of outcomes) {
      const result = okResult(outcome);
      assert.equal(result.revision, pushed);
      assert.equal(result.authorName, 'bob');
      assert.equal(result.note, `fetched revision ${pushed.slice(0, 7)} from origin`);
    }
    assert.equal(fetches() - before, 1, 'one fetch for twenty concurrent reports');
    // Past the resolution cache's second the commit is simply known.
    await sleep(1100);
    const again = okResult(await ask(vcs, pushed));
    assert.equal(again.note, '');
    assert.equal(fetches() - before, 1);
    await vcs.close();
  });

  test('a commit origin does not have costs one fetch, ever; HEAD is blamed meanwhile', async () => {
    const vcs = create(true);
    const bogus = 'f'.repeat(40);
    const before = fetches();
    const first = okResult(await ask(vcs, bogus, 'export const value3 = 3;'));
    assert.equal(first.revision, head);
    assert.equal(first.authorName, 'alice');
    assert.equal(first.note, `revision "${bogus}" is not in the repository, nor on origin, so HEAD was blamed`);
    // Past the resolution cache's second: only the memory of the failed fetch prevents another.
    await sleep(1100);
    okResult(await ask(vcs, bogus, 'export const value3 = 3;'));
    assert.equal(fetches() - before, 1);
    await vcs.close();
  });

  test('abbreviations, names and option-like revisions are never fetched', async () => {
    const vcs = create(true);
    const before = fetches();
    for (const revision of [unpushedShort, 'release-99', '--upload-pack=touch /tmp/pwned', '-n']) {
      const result = okResult(await ask(vcs, revision, 'export const value3 = 3;'));
      assert.equal(result.revision, head, revision);
      assert.match(result.note, /is not in the repository, so HEAD was blamed$/);
    }
    assert.equal(fetches() - before, 0);
    await vcs.close();
  });

  test('without a managed clone nothing is fetched', async () => {
    const vcs = create(false);
    const before = fetches();
    const result = okResult(await ask(vcs, 'e'.repeat(40), 'export const value3 = 3;'));
    assert.equal(result.revision, head);
    assert.equal(fetches() - before, 0);
    await vcs.close();
  });
});
