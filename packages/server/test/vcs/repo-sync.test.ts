import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRepoSync, type RepoSyncErrorKind, type RepoSyncOptions } from '../../src/vcs/repo-sync';
import { alice, bob, TestRepo } from './git-fixture';

describe('repository sync', () => {
  let source: TestRepo;
  let bare: string;
  let n = 0;
  const errors: Array<[RepoSyncErrorKind, string]> = [];

  /** A fresh clone location under the source's temp dir. */
  const cloneDir = () => join(source.dir, '..', `clone-${++n}`, 'repo');
  const sync = (options: Partial<RepoSyncOptions> & { repoDir: string }) =>
    createRepoSync({
      repoUrl: bare,
      branchPattern: /^release-\d+$/,
      gitPath: 'git',
      onError: (kind, message) => errors.push([kind, message]),
      ...options,
    });
  const inClone = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  const release = (name: string, date: string) => {
    source.git('checkout', '-q', '-B', name, 'main');
    source.write('VERSION', `${name}\n`);
    source.commit(alice, date, name);
    source.git('push', '-q', '--force', bare, name);
    source.git('checkout', '-q', 'main');
  };

  before(() => {
    source = new TestRepo('flawless-sync-');
    source.write('VERSION', 'main\n');
    source.commit(alice, '2021-01-01T00:00:00Z', 'start');
    bare = join(source.dir, '..', 'origin.git');
    source.git('clone', '-q', '--bare', source.dir, bare);
    release('release-9', '2021-01-02T00:00:00Z');
    release('release-10', '2021-01-03T00:00:00Z');
    release('release-1', '2021-01-04T00:00:00Z');
  });
  after(() => source.remove());

  test('clones and works off the newest release branch by natural sort', async () => {
    errors.length = 0;
    const repoDir = cloneDir();
    const logged: string[] = [];
    const repo = sync({ repoDir, log: (message) => logged.push(message) });
    assert.equal(await repo.ensureCloned(), true);
    assert.equal(inClone(repoDir, 'symbolic-ref', '--short', 'HEAD'), 'release-10');
    assert.equal(readFileSync(join(repoDir, 'VERSION'), 'utf8'), 'release-10\n');

    release('release-11', '2021-01-05T00:00:00Z');
    assert.equal(await repo.update(), true);
    assert.equal(inClone(repoDir, 'symbolic-ref', '--short', 'HEAD'), 'release-11');
    assert.equal(readFileSync(join(repoDir, 'VERSION'), 'utf8'), 'release-11\n');
    assert.deepEqual(errors, []);
    assert.ok(logged.includes('now on branch release-11'), logged.join('\n'));
  });

  test('a release branch moved on is followed, local edits discarded', async () => {
    const repoDir = cloneDir();
    const repo = sync({ repoDir });
    await repo.ensureCloned();
    release('release-11', '2021-01-06T00:00:00Z');
    writeFileSync(join(repoDir, 'VERSION'), 'edited by hand\n');
    assert.equal(await repo.update(), true);
    assert.equal(inClone(repoDir, 'rev-parse', 'HEAD'), source.git('rev-parse', 'release-11').trim());
    assert.equal(readFileSync(join(repoDir, 'VERSION'), 'utf8'), 'release-11\n');
  });

  test('without a pattern, pulls the cloned branch', async () => {
    errors.length = 0;
    const repoDir = cloneDir();
    const repo = sync({ repoDir, branchPattern: null });
    assert.equal(await repo.ensureCloned(), true);
    assert.equal(inClone(repoDir, 'symbolic-ref', '--short', 'HEAD'), 'main');
    source.write('VERSION', 'main 2\n');
    const head = source.commit(bob, '2021-02-01T00:00:00Z', 'main moves on');
    source.git('push', '-q', bare, 'main');
    assert.equal(await repo.update(), true, JSON.stringify(errors));
    assert.equal(inClone(repoDir, 'rev-parse', 'HEAD'), head);
  });

  test('failures go to onError and never throw', async () => {
    errors.length = 0;
    const missing = sync({ repoDir: cloneDir(), repoUrl: join(source.dir, '..', 'nowhere.git') });
    assert.equal(await missing.ensureCloned(), false);
    assert.equal(errors[0]?.[0], 'clone_failed');

    const unmatched = sync({ repoDir: cloneDir(), branchPattern: /^stable-/ });
    assert.equal(await unmatched.ensureCloned(), false);
    assert.equal(errors[1]?.[0], 'no_matching_branch');

    const occupied = cloneDir();
    mkdirSync(occupied, { recursive: true });
    writeFileSync(join(occupied, 'notes.txt'), 'mine');
    assert.equal(await sync({ repoDir: occupied }).update(), false);
    assert.equal(errors[2]?.[0], 'clone_failed');
    assert.equal(readFileSync(join(occupied, 'notes.txt'), 'utf8'), 'mine');
  });

  test('start updates in the background until stop', async () => {
    const repoDir = cloneDir();
    const repo = sync({ repoDir });
    await repo.ensureCloned();
    repo.start(20);
    release('release-12', '2021-01-07T00:00:00Z');
    const deadline = Date.now() + 5000;
    while (inClone(repoDir, 'symbolic-ref', '--short', 'HEAD') !== 'release-12' && Date.now() < deadline) {
      await sleep(20);
    }
    await repo.stop();
    assert.equal(inClone(repoDir, 'symbolic-ref', '--short', 'HEAD'), 'release-12');
    release('release-13', '2021-01-08T00:00:00Z');
    await sleep(100);
    assert.equal(inClone(repoDir, 'symbolic-ref', '--short', 'HEAD'), 'release-12');
  });
});
