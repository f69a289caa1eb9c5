import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Author, numberedSource, TestRepo } from '../helpers/git-repo';
import { frame, type RunningServer, report, startServer } from '../helpers/server';
import { TestSmtp } from '../helpers/smtp';
import { COMPUTE_TOTAL as TOTAL } from '../vcs/git-fixture';

// Issue 7's acceptance: histories made here, reports through the real server, answers read
// in the inboxes of a real SMTP server and in the record's one-line explanation.
const person = (name: string, email = `${name.toLowerCase()}@example.org`): Author => ({ name, email });
const ana = person('Ana');
const rex = person('Rex');
const ben = person('Ben');
const dependabot = person('dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com');
const danOld = person('Dan', 'dan@old.example.org');
const eve = person('Eve');
const fay = person('Fay');
const gus = person('Gus');
const ida = person('Ida');
const max = person('Max');
const kim = person('Kim');
const lea = person('Lea');
const gina = person('Gina', '12345+gina@users.noreply.github.com');
const hank = person('Hank', '23456+hank@users.noreply.github.com');
const ivy = person('Ivy', '34567+ivy@users.noreply.github.com');
const ONCALL = 'oncall@example.org';

const ORDER_LINE = '  const total = cart.items.reduce(sum, 0);';

const repo = new TestRepo();
const smtp = new TestSmtp();
const tools = mkdtempSync(join(tmpdir(), 'flawless-git-log-'));
const gitLog = join(tools, 'git-calls.log');
let srv: RunningServer;
let revisionA: string;
let reformat: string;
let bump: string;
let head: string;

before(async () => {
  repo.commit(ana, '2024-01-02T10:00:00Z', {
    'src/fmt.ts': "export const greeting = 'hello';\nexport const target = 'world';\n",
  });
  repo.commit(ben, '2024-01-03T10:00:00Z', { 'src/versions.ts': "export const leftPad = '1.1.0';\n" });
  repo.commit(danOld, '2024-01-04T10:00:00Z', { 'src/dan.ts': numberedSource() });
  repo.commit(fay, '2024-01-05T10:00:00Z', { 'src/orders.ts': numberedSource({}, 20) });
  revisionA = repo.commit(eve, '2024-01-06T10:00:00Z', { 'src/orders.ts': numberedSource({ 7: ORDER_LINE }, 20) });
  repo.commit(ida, '2024-01-07T10:00:00Z', { 'src/util.ts': `export const keep = 1;\n\n${TOTAL.join('\n')}\n` });
  repo.commit(gina, '2024-01-08T10:00:00Z', { 'src/gina.ts': numberedSource() });
  repo.commit(hank, '2024-01-08T11:00:00Z', { 'src/hank.ts': numberedSource() });
  repo.commit(ivy, '2024-01-08T12:00:00Z', { 'src/ivy.ts': numberedSource() });
  repo.commit(kim, '2024-01-09T10:00:00Z', { 'src/burst.ts': numberedSource() });
  reformat = repo.commit(rex, '2024-02-01T10:00:00Z', {
    'src/fmt.ts': 'export const greeting = "hello";\nexport const target = "world";\n',
  });
  bump = repo.commit(dependabot, '2024-02-02T10:00:00Z', { 'src/versions.ts': "export const leftPad = '1.3.0';\n" });
  repo.commit(max, '2024-02-03T10:00:00Z', {
    'src/util.ts': 'export const keep = 1;\n',
    'src/total.ts': `import { keep } from './util';\n\n${TOTAL.join('\n')}\n`,
  });
  const inserted = Array.from({ length: 5 }, (_, i) => `import { dep${i} } from './dep${i}';`).join('\n');
  repo.commit(gus, '2024-02-04T10:00:00Z', {
    'src/orders.ts': `${inserted}\n${numberedSource({ 7: ORDER_LINE }, 20)}`,
  });
  head = repo.commit(rex, '2024-02-05T10:00:00Z', {
    '.git-blame-ignore-revs': `# prettier\n${reformat}\n`,
    '.mailmap': `Dan <dan@new.example.org> <dan@old.example.org>\nIvy <ivy@example.org> <${ivy.email}>\n`,
  });

  // git_cli_path: a fixed script of this test that logs the git command, then runs git.
  writeFileSync(join(tools, 'git'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${gitLog}'\nexec git "$@"\n`, { mode: 0o755 });
  await smtp.start();
  srv = await startServer({
    // Reports may lower the threshold only when authenticated (review F3).
    ingest_token: 'test-ingest-token',
    repo_dir: repo.dir,
    git_cli_path: join(tools, 'git'),
    smtp_host: `127.0.0.1:${smtp.port}`,
    hostname: 'http://flawless.test:8080',
    default_contact: ONCALL,
  });
  await srv.server.store.addRule({ kind: 'remap', rule: { from: hank.email, to: 'hank@example.org' } });
  await srv.server.rules.refresh();
});

after(async () => {
  await srv.stop();
  await smtp.stop();
  repo.remove();
  rmSync(tools, { recursive: true, force: true });
});

type Entry = {
  key: { filename: string; line_number: number };
  count: number;
  blamed_revision: string | null;
  blame_note: string | null;
};

async function entry(server: RunningServer, filename: string, line?: number): Promise<Entry> {
  const weekly = (await (await server.get('/api/v1/weekly')).json()) as { errors: Entry[] };
  const found = weekly.errors.find(
    (e) => e.key.filename === filename && (line ?? e.key.line_number) === e.key.line_number,
  );
  assert.ok(found, `no record for ${filename}`);
  return found;
}

async function send(server: RunningServer, r: ReturnType<typeof report>): Promise<void> {
  assert.equal((await server.post(r)).status, 202);
  await server.server.settle();
}

const one = (r: ReturnType<typeof report>) => ({ ...r, error_threshold: 1 });
const short = (sha: string) => sha.slice(0, 7);
const gitCalls = (command: string) =>
  readFileSync(gitLog, 'utf8')
    .split('\n')
    .filter((logged) => logged === command).length;

/** The only mail `address` got: its text, and the traceback page its link leads to. */
async function onlyMailTo(address: string): Promise<{ text: string; page: string }> {
  const mails = smtp.to(address);
  assert.equal(mails.length, 1, `mails to ${address}`);
  const text = mails[0]?.parsed.text ?? '';
  const link = /\/view_traceback\?\S+/.exec(text)?.[0];
  assert.ok(link, text);
  return { text, page: await (await srv.get(link)).text() };
}

test('a reformat commit listed in .git-blame-ignore-revs: its previous author is emailed, and told why', async () => {
  await send(
    srv,
    one(
      report([
        frame('src/fmt.ts', 2, 'export const target = "world";'),
        frame('node_modules/greeter/index.js', 10, 'return format(target);'),
        frame('src/errors.ts', 3, "throw new Error('no greeting');"),
      ]),
    ),
  );
  const why =
    `blamed src/fmt.ts:2 at HEAD ${short(head)}; frame 2 is in an ignored path; frame 3 is a throw line; ` +
    `skipped commit ${short(reformat)} (Rex) listed in .git-blame-ignore-revs`;
  assert.equal((await entry(srv, 'src/fmt.ts')).blame_note, why);
  const { text, page } = await onlyMailTo(ana.email);
  assert.ok(text.includes(`Why: ${why}`), text);
  assert.ok(page.includes(`<dt>Blame explanation</dt><dd>${why}</dd>`), page);
  assert.equal(smtp.to(rex.email).length, 0);
});

test("a bot's dependency bump touched the line: the previous human is emailed", async () => {
  await send(srv, one(report([frame('src/versions.ts', 1, "export const leftPad = '1.3.0';")])));
  const why = `blamed src/versions.ts:1 at HEAD ${short(head)}; skipped bot commit ${short(bump)} (dependabot[bot])`;
  assert.equal((await entry(srv, 'src/versions.ts')).blame_note, why);
  assert.ok((await onlyMailTo(ben.email)).text.includes(why));
  assert.equal(smtp.to(dependabot.email).length, 0);
});

test('.mailmap maps an old address to the new one: the email goes to the new one', async () => {
  await send(srv, one(report([frame('src/dan.ts', 4, 'const line4 = 4;')])));
  await onlyMailTo('dan@new.example.org');
  assert.equal(smtp.to(danOld.email).length, 0);
});

test('the app runs revision A, HEAD inserted 5 lines above: blamed at A; without a revision, found by its text', async () => {
  const failing = () => report([frame('src/orders.ts', 7, ORDER_LINE, { function_name: 'placeOrder' })]);
  await send(srv, one({ ...failing(), revision: revisionA }));
  const atA = await entry(srv, 'src/orders.ts');
  assert.equal(atA.blamed_revision, revisionA);
  assert.equal(atA.blame_note, `blamed src/orders.ts:7 at ${short(revisionA)}`);
  await onlyMailTo(eve.email);

  // The same report without a revision, to a server that has not seen it yet.
  const fresh = await startServer({
    ingest_token: 'test-ingest-token',
    repo_dir: repo.dir,
    smtp_host: `127.0.0.1:${smtp.port}`,
    default_contact: ONCALL,
  });
  try {
    await send(fresh, one(failing()));
    const atHead = await entry(fresh, 'src/orders.ts');
    assert.equal(atHead.blamed_revision, head);
    assert.equal(atHead.blame_note, `blamed src/orders.ts:12 at HEAD ${short(head)}; line moved from 7 to 12`);
    assert.equal(smtp.to(eve.email).length, 2);
  } finally {
    await fresh.stop();
  }
  assert.equal(smtp.to(fay.email).length + smtp.to(gus.email).length, 0, 'nobody else was blamed');
});

test('a function moved to another file by someone else: its original author is emailed', async () => {
  await send(srv, one(report([frame('src/total.ts', 6, '    total += item;', { function_name: 'computeTotal' })])));
  assert.equal(
    (await entry(srv, 'src/total.ts')).blame_note,
    `blamed src/total.ts:6 at HEAD ${short(head)}; moved or copied from src/util.ts`,
  );
  await onlyMailTo(ida.email);
  assert.equal(smtp.to(max.email).length, 0);
});

test('200 concurrent reports of one new line: exactly one git blame process, one email', async () => {
  const before = gitCalls('blame');
  const posts = Array.from({ length: 200 }, () =>
    srv.post(one(report([frame('src/burst.ts', 5, 'const line5 = 5;')]))),
  );
  for (const response of await Promise.all(posts)) assert.equal(response.status, 202);
  await srv.server.settle();
  assert.equal(gitCalls('blame') - before, 1);
  assert.equal((await entry(srv, 'src/burst.ts')).count, 200);
  await onlyMailTo(kim.email);
});

test('a GitHub noreply author is never mailed: default_contact hears of it, unless a remap or .mailmap resolves it', async () => {
  assert.equal(smtp.to(ONCALL).length, 0, 'default_contact heard nothing so far');
  await send(srv, one(report([frame('src/gina.ts', 3, 'const line3 = 3;')])));
  assert.equal(smtp.to(gina.email).length, 0);
  const note = smtp.to(ONCALL);
  assert.equal(note.length, 1);
  assert.match(note[0]?.parsed.text ?? '', /12345\+gina@users\.noreply\.github\.com/);

  await send(srv, one(report([frame('src/hank.ts', 3, 'const line3 = 3;')])));
  await onlyMailTo('hank@example.org');
  await send(srv, one(report([frame('src/ivy.ts', 3, 'const line3 = 3;')])));
  await onlyMailTo('ivy@example.org');
  assert.equal(smtp.to(hank.email).length + smtp.to(ivy.email).length, 0);
  assert.equal(smtp.to(ONCALL).length, 1, 'resolved addresses need no note');
});

test('a revision the managed clone lacks is fetched from origin once, then blamed at', async () => {
  const work = new TestRepo();
  const origin = join(tools, 'origin.git');
  const clone = join(tools, 'clone');
  work.commit(fay, '2024-03-01T10:00:00Z', { 'src/app.ts': numberedSource() });
  work.git(['clone', '-q', '--bare', work.dir, origin]);
  const managed = await startServer({
    ingest_token: 'test-ingest-token',
    repo_url: origin,
    repo_dir: clone,
    git_cli_path: join(tools, 'git'),
    smtp_host: `127.0.0.1:${smtp.port}`,
  });
  try {
    for (let i = 0; !existsSync(join(clone, 'src/app.ts')); i++) {
      assert.ok(i < 400, 'the clone is made');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // Deployed after the clone was made, and not pulled yet (the clone updates every 5 minutes).
    const changed = { 4: "const line4 = 'lea';", 5: "const line5 = 'lea';" };
    const deployed = work.commit(lea, '2024-03-02T10:00:00Z', { 'src/app.ts': numberedSource(changed) });
    work.git(['push', '-q', origin, 'main']);
    const fetchesBefore = gitCalls('fetch');
    for (const line of [4, 5] as const) {
      await send(managed, one({ ...report([frame('src/app.ts', line, changed[line])]), revision: deployed }));
    }
    const record = await entry(managed, 'src/app.ts', 4);
    assert.equal(record.blamed_revision, deployed);
    const fetched = `fetched revision ${short(deployed)} from origin`;
    assert.equal(record.blame_note, `blamed src/app.ts:4 at ${short(deployed)}; ${fetched}`);
    assert.equal((await entry(managed, 'src/app.ts', 5)).blamed_revision, deployed);
    assert.equal(smtp.to(lea.email).length, 2);
    assert.equal(gitCalls('fetch') - fetchesBefore, 1, 'one fetch for the revision');
  } finally {
    await managed.stop();
    work.remove();
  }
});
