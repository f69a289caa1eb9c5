import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import pino from 'pino';
import { defaultConfig } from '../../src/config/definitions';
import { notifySettingsFrom } from '../../src/notify/settings';
import { openSqliteStore } from '../../src/store/sqlite';
import type { Store } from '../../src/store/types';
import { createRepoUpkeep, type RepoUpkeepOptions } from '../../src/upkeep/repo-upkeep';
import { ReleaseRepo } from '../cli/release-repo';

function setup(options: Partial<RepoUpkeepOptions> = {}, contact: string | null = 'ops@corp.test') {
  const dir = mkdtempSync(join(tmpdir(), 'flawless-upkeep-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const store: Store = openSqliteStore({ path: join(dir, 'flawless.db') });
  after(() => store.close());
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  const make = (more: Partial<RepoUpkeepOptions> = {}) =>
    createRepoUpkeep({
      repoUrl: join(dir, 'origin.git'),
      repoDir: join(dir, 'clone'),
      branchPattern: null,
      gitPath: 'git',
      intervalMs: 3_600_000,
      stateDir: dir,
      log: pino({ level: 'debug' }, sink),
      settings: notifySettingsFrom({ ...defaultConfig(), default_contact: contact }),
      enqueue: (draft) => store.enqueueEmails([draft]),
      ...options,
      ...more,
    });
  const problems = async () => (await store.listOutbox(50)).filter((e) => e.kind === 'problem');
  return { dir, store, lines, make, problems };
}

test('a failing repository mails default_contact once per kind of failure, across restarts, until it works again', async () => {
  const { dir, lines, make, problems } = setup();
  let ready = 0;
  const upkeep = make();
  upkeep.start(() => ready++);
  // The first call shares the round start() began; two more rounds follow.
  for (let i = 0; i < 3; i++) assert.equal(await upkeep.updateNow(), false);
  let mails = await problems();
  assert.equal(mails.length, 1, 'one note for three failed clones');
  assert.deepEqual(mails[0]!.to, ['ops@corp.test']);
  assert.equal(mails[0]!.subject, 'Flawless cannot clone the repository');
  assert.match(mails[0]!.dedupeKey, /^problem:repo:clone_failed:\d+$/);
  assert.match(mails[0]!.text, /reports are counted but nobody is blamed/);
  assert.equal(lines.filter((l) => l.includes('repository upkeep failed')).length, 3, 'every failure is logged');
  assert.equal(ready, 0, 'no blame before the clone');
  await upkeep.stop();

  // A restart while it still fails: the outage is not news.
  const restarted = make();
  restarted.start(() => ready++);
  assert.equal(await restarted.updateNow(), false);
  assert.equal((await problems()).length, 1);

  const origin = new ReleaseRepo(dir);
  assert.equal(await restarted.updateNow(), true);
  assert.equal(ready, 1, 'blame may start once the clone is there');
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'repo-upkeep.json'), 'utf8')), {});
  assert.ok(lines.some((l) => l.includes('"msg":"repository works again"')));

  // Broken again after it worked: a new failure, so a new note.
  rmSync(origin.bare, { recursive: true, force: true });
  assert.equal(await restarted.updateNow(), false);
  assert.equal(await restarted.updateNow(), false);
  mails = await problems();
  assert.equal(mails.length, 2);
  assert.ok(mails.some((m) => m.subject === 'Flawless cannot update the repository'));
  assert.equal(ready, 1);
  await restarted.stop();
});

test('no branch matching repo_branch_pattern is its own kind of failure', async () => {
  const { dir, make, problems } = setup({ branchPattern: 'hotfix-\\d+' });
  new ReleaseRepo(dir);
  let ready = 0;
  const upkeep = make();
  upkeep.start(() => ready++);
  assert.equal(await upkeep.updateNow(), false);
  assert.equal(ready, 1, 'the clone is there: blame goes on with the branch it is on');
  const [mail] = await problems();
  assert.equal(mail?.subject, 'Flawless finds no branch matching hotfix-\\d+');
  await upkeep.stop();
});

test('credentials in repo_url reach neither the note nor the log', async () => {
  const { lines, make, problems } = setup({ repoUrl: 'http://robot:pw-9x3@127.0.0.1:1/team/app.git' });
  const upkeep = make();
  assert.equal(await upkeep.updateNow(), false);
  const [mail] = await problems();
  assert.ok(mail);
  assert.match(mail.text, /http:\/\/robot:\*{8}@127\.0\.0\.1:1\/team\/app\.git/);
  for (const text of [mail.text, mail.html, lines.join('')]) assert.ok(!text.includes('pw-9x3'));
  await upkeep.stop();
});

test('without default_contact failures are logged and nothing is queued', async () => {
  const { lines, make, problems } = setup({}, null);
  const upkeep = make();
  assert.equal(await upkeep.updateNow(), false);
  assert.equal((await problems()).length, 0);
  assert.ok(lines.some((l) => l.includes('"kind":"clone_failed"')));
  await upkeep.stop();
});
