import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createGitVersionControl, type GitVersionControlOptions } from '../../src/vcs/git';
import type { BlameRequest } from '../../src/vcs/types';
import { bob, carol, dependabot, epoch, okResult, TestRepo, COMPUTE_TOTAL as TOTAL } from './git-fixture';

async function blameWith(repo: TestRepo, options: Partial<GitVersionControlOptions>, request: BlameRequest) {
  const vcs = createGitVersionControl({
    repoDir: repo.dir,
    gitPath: 'git',
    maxConcurrent: 2,
    ignoreRevsFile: null,
    ...options,
  });
  try {
    return await vcs.blame(request);
  } finally {
    await vcs.close();
  }
}

describe('blame accuracy', () => {
  let repo: TestRepo;
  let reformat: string;
  let botCommit: string;
  let chainBot: string;
  const line = (path: string, lineNumber: number, text: string): BlameRequest => ({
    path,
    lineNumber,
    text,
    revision: null,
  });

  before(() => {
    repo = new TestRepo();
    repo.write('src/fmt.ts', "export const greeting = 'hello';\nexport const target = 'world';\n");
    repo.write('src/chain.ts', "export const retries = 'three';\n");
    repo.write('src/util.ts', `export const keep = 1;\n\n${TOTAL.join('\n')}\n`);
    repo.write('package.json', '{\n  "name": "app",\n  "dependencies": {\n    "left-pad": "1.0.0"\n  }\n}\n');
    repo.commit({ name: 'alice', email: 'alice@old.example' }, '2021-01-01T00:00:00Z', 'alice starts');

    repo.write('package.json', '{\n  "name": "app",\n  "dependencies": {\n    "left-pad": "1.1.0"\n  }\n}\n');
    repo.commit(bob, '2021-02-01T00:00:00Z', 'bob bumps left-pad');
    repo.write('package.json', '{\n  "name": "app",\n  "dependencies": {\n    "left-pad": "1.3.0"\n  }\n}\n');
    botCommit = repo.commit(dependabot, '2021-03-01T00:00:00Z', 'Bump left-pad');

    repo.write('src/fmt.ts', 'export const greeting = "hello";\nexport const target = "world";\n');
    repo.write('src/chain.ts', 'export const retries = "three";\nexport const added = "by the reformat";\n');
    reformat = repo.commit(carol, '2021-04-01T00:00:00Z', 'carol switches to double quotes');

    // bob moves computeTotal into its own file; git -C still credits alice.
    repo.write('src/util.ts', 'export const keep = 1;\n');
    repo.write('src/total.ts', `import { keep } from './util';\n\n${TOTAL.join('\n')}\n`);
    repo.commit(bob, '2021-05-01T00:00:00Z', 'bob moves computeTotal');

    repo.write('.mailmap', 'Alice Liddell <alice@new.example> <alice@old.example>\n');
    repo.write('.git-blame-ignore-revs', `# formatting\n${reformat}\n`);
    repo.commit(carol, '2021-06-01T00:00:00Z', 'mailmap and ignored revisions');

    repo.write('src/chain.ts', 'export const retries = "three"; // 3\nexport const added = "by the reformat";\n');
    chainBot = repo.commit(dependabot, '2021-07-01T00:00:00Z', 'Annotate retries');
  });
  after(() => repo.remove());

  test('a commit listed in .git-blame-ignore-revs is skipped', async () => {
    const result = okResult(await blameWith(repo, {}, line('src/fmt.ts', 2, 'export const target = "world";')));
    assert.equal(result.authorEmail, 'alice@new.example');
    assert.equal(result.authorTime, epoch('2021-01-01T00:00:00Z'));
    assert.equal(result.note, `skipped commit ${reformat.slice(0, 7)} (carol) listed in .git-blame-ignore-revs`);
  });

  test('a line the listed commit added stays on it, and the note says why', async () => {
    const result = okResult(
      await blameWith(repo, {}, line('src/chain.ts', 2, 'export const added = "by the reformat";')),
    );
    assert.equal(result.commit, reformat);
    assert.equal(
      result.note,
      `commit ${reformat.slice(0, 7)} (carol) listed in .git-blame-ignore-revs wrote the line; no earlier author`,
    );
  });

  test('a bot commit on top of a listed commit: both skipped, in order', async () => {
    const result = okResult(await blameWith(repo, {}, line('src/chain.ts', 1, '')));
    assert.equal(result.authorEmail, 'alice@new.example');
    assert.equal(
      result.note,
      `skipped bot commit ${chainBot.slice(0, 7)} (dependabot[bot]); ` +
        `skipped commit ${reformat.slice(0, 7)} (carol) listed in .git-blame-ignore-revs`,
    );
  });

  test('a configured ignore-revs file that cannot be read fails the blame instead of ignoring nothing', async () => {
    const outcome = await blameWith(repo, { ignoreRevsFile: 'missing-revs.txt' }, line('src/fmt.ts', 2, ''));
    assert.ok(!outcome.ok && outcome.kind === 'git_failed', JSON.stringify(outcome));
    assert.match(outcome.reason, /cannot read blame_ignore_revs_file missing-revs\.txt: ENOENT/);
  });

  test('blame_ignore_revs_file replaces the repository file', async () => {
    writeFileSync(join(repo.dir, '..', 'none.txt'), '');
    const options = { ignoreRevsFile: join(repo.dir, '..', 'none.txt') };
    const result = okResult(await blameWith(repo, options, line('src/fmt.ts', 2, '')));
    assert.equal(result.commit, reformat);
    assert.equal(result.authorName, 'carol');
  });

  test('a bot commit is skipped for the previous human author', async () => {
    const result = okResult(await blameWith(repo, {}, line('package.json', 4, '"left-pad": "1.3.0"')));
    assert.equal(result.authorName, 'bob');
    assert.equal(result.authorTime, epoch('2021-02-01T00:00:00Z'));
    assert.equal(result.note, `skipped bot commit ${botCommit.slice(0, 7)} (dependabot[bot])`);
    // Without an author pattern, the bot stays blamed.
    const plain = okResult(await blameWith(repo, { ignoreAuthors: null }, line('package.json', 4, '')));
    assert.equal(plain.commit, botCommit);
  });

  test('.mailmap maps an old address to the current one', async () => {
    const result = okResult(await blameWith(repo, {}, line('src/util.ts', 1, 'export const keep = 1;')));
    assert.equal(result.authorEmail, 'alice@new.example');
    assert.equal(result.authorName, 'Alice Liddell');
  });

  test('code moved to another file by someone else keeps its author', async () => {
    for (const [index, text] of TOTAL.entries()) {
      const result = okResult(await blameWith(repo, {}, line('src/total.ts', index + 3, text)));
      assert.equal(result.authorEmail, 'alice@new.example', `line ${index + 3}: ${text}`);
      assert.equal(result.note, 'moved or copied from src/util.ts');
    }
    const importLine = okResult(await blameWith(repo, {}, line('src/total.ts', 1, '')));
    assert.equal(importLine.authorName, 'bob');
  });
});
