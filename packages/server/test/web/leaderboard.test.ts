import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ROWS_PER_DEVELOPER } from '../../src/web/views/leaderboard';
import { weekStartEpochSeconds } from '../../src/week';
import { seedErrors } from './seed';
import { startWebServer, type WebServer } from './support';

// "Now" is Wednesday 2024-06-12 (UTC): this week is 2024-06-09, then 06-02 and 05-26.
const NOW = Date.parse('2024-06-12T10:00:00Z');
const W3 = '2024-06-09';
const W2 = '2024-06-02';
const W1 = '2024-05-26';
const alice = 'alice@example.org';
const bob = 'bob@example.org';

let srv: WebServer;

before(async () => {
  srv = await startWebServer({ report_only_after_minimum_date: '2020-01-01' }, { now: () => NOW });
  await seedErrors(srv.server.store, [
    { week: W3, filename: 'src/a.ts', line: 7, count: 1500, developer: bob, lineDate: '2024-03-01' },
    { week: W3, filename: 'src/a.ts', line: 9, count: 20, developer: bob, lineDate: '2024-03-01' },
    { week: W3, filename: 'src/b.ts', line: 4, count: 800, developer: alice, lineDate: '2024-02-01' },
    { week: W3, filename: 'src/b.ts', line: 3, count: 900, developer: alice, lineDate: '2024-02-02' },
    { week: W3, filename: 'src/c.ts', line: 1, count: 5000, developer: 'carol@example.org', known: true },
    { week: W3, filename: 'src/d.ts', line: 1, count: 3000, developer: 'dave@example.org', lineDate: '2019-05-05' },
    { week: W3, filename: 'src/e.ts', line: 2, count: 10, developer: null },
    { week: W2, filename: 'src/a.ts', line: 7, count: 42, developer: bob, lineDate: '2024-03-01' },
    { week: W1, filename: 'src/c.ts', line: 5, count: 7, developer: 'carol@example.org', lineDate: '2024-01-01' },
    ...Array.from({ length: ROWS_PER_DEVELOPER + 5 }, (_, i) => ({
      week: W1,
      filename: `src/many/f${String(i).padStart(2, '0')}.ts`,
      line: 1,
      count: 100 + i,
      developer: 'erin@example.org',
      lineDate: '2024-01-01',
    })),
  ]);
});
after(() => srv.stop());

async function page(path: string): Promise<string> {
  const res = await fetch(`${srv.url}${path}`);
  assert.equal(res.status, 200, path);
  assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  return res.text();
}

/** Developer sections in page order, each with its rows as "file:line=count". */
function sections(html: string): { id: string; rows: string[] }[] {
  return [...html.matchAll(/<section class="developer" id="([^"]+)">([\s\S]*?)<\/section>/g)].map((m) => ({
    id: decodeURIComponent((m[1] ?? '').replace(/^dev-/, '')),
    rows: [
      ...(m[2] ?? '').matchAll(
        /<td class="num"><a href="[^"]+">([\d,]+)<\/a><\/td>\s*<td class="file">([^<]+)<\/td><td class="fn">[^<]*<\/td><td class="num">(\d+)<\/td>/g,
      ),
    ].map((r) => `${r[2]}:${r[3]}=${r[1]}`),
  }));
}

const link = (html: string, rel: string) => {
  const m = new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html);
  return m?.[1]?.replace(/&amp;/g, '&');
};

test('developers ranked by total, errors by count, thousands separators; known and old code hidden', async () => {
  for (const path of ['/', '/get_weekly_error_report']) {
    const html = await page(path);
    assert.match(html, /Errors of the week of <time datetime="2024-06-09">/);
    assert.deepEqual(sections(html), [
      { id: alice, rows: ['src/b.ts:3=900', 'src/b.ts:4=800'] },
      { id: bob, rows: ['src/a.ts:7=1,500', 'src/a.ts:9=20'] },
      { id: 'unassigned', rows: ['src/e.ts:2=10'] },
    ]);
    assert.match(html, /<span class="score">1,700<\/span>/, 'ranking shows the total with a separator');
    assert.match(html, /href="#dev-alice%40example\.org"/, 'ranking links to the anchors the emails use');
  }
});

test('toggles show known errors and code older than the minimum date', async () => {
  const known = sections(await page('/get_weekly_error_report?include_known_errors=1'));
  assert.deepEqual(
    known.map((s) => s.id),
    ['carol@example.org', alice, bob, 'unassigned'],
  );
  const old = sections(await page('/get_weekly_error_report?include_modified_before_min_date=True'));
  assert.deepEqual(
    old.map((s) => s.id),
    ['dave@example.org', alice, bob, 'unassigned'],
  );
  const both = await page('/get_weekly_error_report?include_known_errors=1&include_modified_before_min_date=1');
  assert.equal(sections(both).length, 5);
  assert.match(both, /Hide known errors/);
  assert.match(both, /<span class="tag">known<\/span>/);
});

test('week navigation over three weeks: previous, next, none after this week, old float timestamps', async () => {
  const w3 = await page('/');
  assert.equal(link(w3, 'next'), undefined, 'no next week after the current one');
  const prev = link(w3, 'prev');
  assert.equal(prev, `/get_weekly_error_report?timestamp=${weekStartEpochSeconds(W2, 'UTC')}`);

  const w2 = await page(prev);
  assert.match(w2, /<title>Week of 2024-06-02 /);
  assert.deepEqual(sections(w2), [{ id: bob, rows: ['src/a.ts:7=42'] }]);
  assert.equal(link(w2, 'next'), `/get_weekly_error_report?timestamp=${weekStartEpochSeconds(W3, 'UTC')}`);

  const w1 = await page(link(w2, 'prev') ?? '');
  assert.match(w1, /<title>Week of 2024-05-26 /);
  assert.deepEqual(
    sections(w1).map((s) => s.id),
    ['erin@example.org', 'carol@example.org'],
  );
  const w0 = await page(link(w1, 'prev') ?? '');
  assert.match(w0, /Wow, no errors/);

  // The original's emails carried float timestamps anywhere inside the week.
  const float = await page(`/get_weekly_error_report?timestamp=${Date.parse('2024-06-05T13:14:15Z') / 1000 + 0.123}`);
  assert.deepEqual(sections(float)[0]?.rows, ['src/a.ts:7=42']);
});

test('tables sort by any column through links, and toggle direction', async () => {
  const byFile = await page('/?sort=file&dir=asc');
  assert.deepEqual(sections(byFile)[0]?.rows, ['src/b.ts:3=900', 'src/b.ts:4=800']);
  assert.match(byFile, /<th class="" aria-sort="ascending"><a href="[^"]*sort=file&amp;dir=desc">File ▲<\/a><\/th>/);
  const byLineDesc = await page('/?sort=line&dir=desc');
  assert.deepEqual(sections(byLineDesc)[1]?.rows, ['src/a.ts:9=20', 'src/a.ts:7=1,500']);
  assert.deepEqual(sections(byLineDesc)[0]?.rows, ['src/b.ts:4=800', 'src/b.ts:3=900']);
  const byCountAsc = await page('/?sort=count&dir=asc');
  assert.deepEqual(sections(byCountAsc)[1]?.rows, ['src/a.ts:9=20', 'src/a.ts:7=1,500']);
  // Developers stay ranked by total whatever the column.
  assert.deepEqual(
    sections(byCountAsc).map((s) => s.id),
    [alice, bob, 'unassigned'],
  );
  const byChanged = await page('/?sort=changed');
  assert.deepEqual(sections(byChanged)[0]?.rows, ['src/b.ts:3=900', 'src/b.ts:4=800'], 'newest change first');
  // Sort links keep the week and the toggles.
  const w2 = await page(`/?timestamp=${weekStartEpochSeconds(W2, 'UTC')}&include_known_errors=1`);
  assert.match(
    w2,
    /href="\/get_weekly_error_report\?timestamp=\d+&amp;include_known_errors=1&amp;sort=file&amp;dir=asc"/,
  );
  // An unknown column falls back to the count.
  assert.deepEqual(sections(await page('/?sort=nonsense&dir=sideways'))[1]?.rows, [
    'src/a.ts:7=1,500',
    'src/a.ts:9=20',
  ]);
});

test('a long list shows the top rows with a link to all of them', async () => {
  const ts = weekStartEpochSeconds(W1, 'UTC');
  const w1 = await page(`/?timestamp=${ts}`);
  const erin = sections(w1)[0];
  assert.equal(erin?.rows.length, ROWS_PER_DEVELOPER);
  assert.equal(erin?.rows[0], `src/many/f${ROWS_PER_DEVELOPER + 4}.ts:1=${100 + ROWS_PER_DEVELOPER + 4}`);
  const more = /<a href="([^"]+)">Show all 30 errors of erin@example\.org<\/a>/.exec(w1)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(more, 'a "show all" link');
  const all = sections(await page(more));
  assert.equal(all.length, 1, 'only that developer');
  assert.equal(all[0]?.rows.length, ROWS_PER_DEVELOPER + 5);
  const everything = await page(`/?timestamp=${ts}&show=all`);
  assert.equal(sections(everything)[0]?.rows.length, ROWS_PER_DEVELOPER + 5);
  // Errors nobody is blamed for are reachable the same way.
  assert.deepEqual(
    sections(await page('/?developer=')).map((s) => s.id),
    ['unassigned'],
  );
});

test('the JSON mirror returns the same week', async () => {
  const res = await fetch(`${srv.url}/api/v1/weekly?timestamp=${weekStartEpochSeconds(W2, 'UTC')}`);
  const body = (await res.json()) as { week: string; errors: { count: number; developer_email: string }[] };
  assert.equal(body.week, W2);
  assert.deepEqual(
    body.errors.map((e) => [e.developer_email, e.count]),
    [[bob, 42]],
  );
  const weeks = (await (await fetch(`${srv.url}/api/v1/weeks`)).json()) as { weeks: string[] };
  assert.deepEqual(weeks.weeks, [W3, W2, W1]);
});
