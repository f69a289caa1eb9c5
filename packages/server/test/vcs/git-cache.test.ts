import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGitVersionControl } from '../../src/vcs/git';
import type { GitCallEvent } from '../../src/vcs/run-git';
import type { BlameRequest } from '../../src/vcs/types';
import { alice, bob, numberedLines, TestRepo } from './git-fixture';

/** Counts git processes, and the most running at once. */
function processCounter() {
  let running = 0;
  const counter = {
    started: [] as string[],
    mostAtOnce: 0,
    onGitCall(event: GitCallEvent) {
      if (event.phase === 'start') {
        counter.started.push(event.args[0] ?? '');
        running++;
        counter.mostAtOnce = Math.max(counter.mostAtOnce, running);
      } else {
        running--;
      }
    },
    count: (command: string) => counter.started.filter((name) => name === command).length,
  };
  return counter;
}

describe('blame caching and concurrency', () => {
  let repo: TestRepo;
  const request: BlameRequest = { path: 'src/a.ts', lineNumber: 3, text: 'export const value3 = 3;', revision: null };

  before(() => {
    repo = new TestRepo();
    repo.write('src/a.ts', numberedLines(40));
    repo.commit(alice, '2021-01-01T00:00:00Z');
  });
  after(() => repo.remove());

  const create = (maxConcurrent: number, counter: ReturnType<typeof processCounter>) =>
    createGitVersionControl({
      repoDir: repo.dir,
      gitPath: 'git',
      maxConcurrent,
      ignoreRevsFile: null,
      ignoreAuthors: null,
      onGitCall: counter.onGitCall,
    });

  test('200 concurrent identical requests run one git blame', async () => {
    const counter = processCounter();
    const vcs = create(10, counter);
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => vcs.blame(request)));
    assert.equal(counter.count('blame'), 1);
    // HEAD is read from .git itself: no rev-parse process at all.
    assert.equal(counter.count('rev-parse'), 0);
    for (const outcome of outcomes) assert.deepEqual(outcome, outcomes[0]);
    assert.ok(outcomes[0]?.ok);
    await vcs.close();
  });

  test('a cached answer runs no git blame', async () => {
    const counter = processCounter();
    const vcs = create(10, counter);
    const first = await vcs.blame(request);
    const spawned = counter.started.length;
    const second = await vcs.blame(request);
    assert.deepEqual(second, first);
    assert.equal(counter.count('blame'), 1);
    assert.ok(counter.started.length - spawned <= 1, `only HEAD may be resolved again: ${counter.started}`);
    await vcs.close();
  });

  test('at most maxConcurrent git processes run; the rest wait and all finish', async () => {
    const counter = processCounter();
    const vcs = create(2, counter);
    const lines = Array.from({ length: 30 }, (_, i) => i + 1);
    const outcomes = await Promise.all(
      lines.map((lineNumber) =>
        vcs.blame({ ...request, lineNumber, text: `export const value${lineNumber} = ${lineNumber};` }),
      ),
    );
    assert.equal(counter.mostAtOnce, 2);
    assert.equal(counter.count('blame'), 30);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.ok && outcome.result.lineNumber),
      lines,
    );
    await vcs.close();
  });

  test('a new HEAD is blamed afresh once the short HEAD cache expires', async () => {
    const counter = processCounter();
    const vcs = create(2, counter);
    // The same request both times (no text), so only the commit behind HEAD tells them apart.
    const unchecked = { ...request, text: '' };
    const before = await vcs.blame(unchecked);
    assert.ok(before.ok && before.result.authorName === 'alice');
    repo.write('src/a.ts', numberedLines(40, { 3: 'export const value3 = 33;' }));
    repo.commit(bob, '2021-02-01T00:00:00Z');
    await sleep(1100);
    const afterCommit = await vcs.blame(unchecked);
    assert.ok(afterCommit.ok && afterCommit.result.authorName === 'bob', JSON.stringify(afterCommit));
    await vcs.close();
  });
});
