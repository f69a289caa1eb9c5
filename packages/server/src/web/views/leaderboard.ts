import { developerAnchor } from '../../notify/links';
import type { ErrorSummary } from '../../store/types';
import { formatCount, formatTime, html } from '../html';
import { layout, type PageContext } from './layout';
import { compareValues, type SortDir, type SortState, sortHeader } from './sortable';

export type LeaderboardColumn = 'count' | 'file' | 'function' | 'line' | 'last' | 'changed' | 'email';

/** Each column's natural direction: numbers and dates high first, names A to Z. */
export const LEADERBOARD_COLUMNS: Readonly<Record<LeaderboardColumn, SortDir>> = {
  count: 'desc',
  file: 'asc',
  function: 'asc',
  line: 'asc',
  last: 'desc',
  changed: 'desc',
  email: 'desc',
};

/**
 * Rows shown per developer on the full leaderboard; each section links to all of its
 * rows. A week of ten thousand errors stays a page a phone can open.
 */
export const ROWS_PER_DEVELOPER = 25;

export interface LeaderboardView {
  week: string;
  /** Epoch seconds of this, the previous and the next week's start (link timestamps). */
  timestamp: number;
  prevTimestamp: number;
  nextTimestamp: number | null;
  includeKnownErrors: boolean;
  includeOld: boolean;
  minimumDate: string;
  sort: SortState<LeaderboardColumn>;
  /** Only this developer's errors, all of them ('' = errors nobody is blamed for); undefined: everyone. */
  developer: string | undefined;
  /** Every row of every developer (`show=all`). */
  showAll: boolean;
  errors: ErrorSummary[];
  page: PageContext;
}

export interface DeveloperGroup {
  email: string | null;
  total: number;
  errors: ErrorSummary[];
}

const columnValue: Record<LeaderboardColumn, (e: ErrorSummary) => string | number | null> = {
  count: (e) => e.count,
  file: (e) => e.key.filename,
  function: (e) => e.key.function_name,
  line: (e) => e.key.line_number,
  last: (e) => e.last_seen,
  changed: (e) => e.line_date,
  email: (e) => (e.email_sent ? 1 : 0),
};

/** Orders one developer's errors by a column; ties go to the higher count, then the file. */
export function sortErrors(errors: ErrorSummary[], sort: SortState<LeaderboardColumn>): ErrorSummary[] {
  const value = columnValue[sort.key];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return errors.sort(
    (a, b) =>
      sign * compareValues(value(a), value(b)) ||
      b.count - a.count ||
      compareValues(a.key.filename, b.key.filename) ||
      a.key.line_number - b.key.line_number,
  );
}

/** Developers by total count (ties by email), each with their errors in the asked order. */
export function groupByDeveloper(
  errors: ErrorSummary[],
  sort: SortState<LeaderboardColumn> = { key: 'count', dir: 'desc' },
): DeveloperGroup[] {
  const groups = new Map<string | null, DeveloperGroup>();
  for (const e of errors) {
    const email = e.developer_email;
    let g = groups.get(email);
    if (!g) {
      g = { email, total: 0, errors: [] };
      groups.set(email, g);
    }
    g.total += e.count;
    g.errors.push(e);
  }
  const out = [...groups.values()];
  for (const g of out) sortErrors(g.errors, sort);
  return out.sort((a, b) => b.total - a.total || compareValues(a.email, b.email));
}

/** The link to an error's traceback page; built by hand, it runs once per row. */
export function tracebackLink(e: ErrorSummary, timestamp: number): string {
  const k = e.key;
  return `/view_traceback?filename=${encodeURIComponent(k.filename)}&function_name=${encodeURIComponent(
    k.function_name,
  )}&line_number=${k.line_number}&text=${encodeURIComponent(k.text)}&timestamp=${timestamp}`;
}

function reportLink(view: LeaderboardView, overrides: Record<string, string | number | boolean>): string {
  const p = new URLSearchParams();
  const values = {
    timestamp: view.timestamp,
    include_known_errors: view.includeKnownErrors,
    include_modified_before_min_date: view.includeOld,
    sort: view.sort.key === 'count' && view.sort.dir === 'desc' ? false : view.sort.key,
    dir: view.sort.key === 'count' && view.sort.dir === 'desc' ? false : view.sort.dir,
    developer: view.developer ?? false,
    show: view.showAll ? 'all' : false,
    ...overrides,
  };
  for (const [k, v] of Object.entries(values)) if (v !== false) p.set(k, v === true ? '1' : String(v));
  return `/get_weekly_error_report?${p}`;
}

function lineChanged(e: ErrorSummary): string {
  if (e.line_date) return e.line_date.slice(0, 10);
  return e.blame_state === 'pending' ? 'blaming…' : 'unknown';
}

function developerTable(view: LeaderboardView, g: DeveloperGroup) {
  const th = (label: string, key: LeaderboardColumn, cls = '') =>
    sortHeader(label, key, view.sort, LEADERBOARD_COLUMNS, (k, dir) => reportLink(view, { sort: k, dir }), cls);
  const limited = view.developer === undefined && !view.showAll && g.errors.length > ROWS_PER_DEVELOPER;
  const shown = limited ? g.errors.slice(0, ROWS_PER_DEVELOPER) : g.errors;
  const more = limited
    ? html`<p class="more"><a href="${reportLink(view, { developer: g.email ?? '' })}">Show all ${formatCount(g.errors.length)} errors of ${g.email ?? 'nobody'}</a></p>`
    : '';
  const rows = shown.map(
    (e) => html`<tr${e.is_known_error ? html` class="known"` : ''}>
<td class="num"><a href="${tracebackLink(e, view.timestamp)}">${formatCount(e.count)}</a></td>
<td class="file">${e.key.filename}</td><td class="fn">${e.key.function_name}</td><td class="num">${e.key.line_number}</td>
<td class="when">${formatTime(e.last_seen)}</td><td class="when">${lineChanged(e)}</td><td>${e.email_sent ? 'yes' : '—'}${e.is_known_error ? html` <span class="tag">known</span>` : ''}</td>
</tr>`,
  );
  return html`<div class="table-wrap"><table class="errors">
<thead><tr>${th('Count', 'count', 'num')}${th('File', 'file')}${th('Function', 'function')}${th('Line', 'line', 'num')}${th('Last occurred', 'last')}${th('Line changed', 'changed')}${th('Email sent', 'email')}</tr></thead>
<tbody>${rows}</tbody></table></div>${more}`;
}

/**
 * The weekly leaderboard: a ranking of developers linking to their sections (anchors
 * the emails link to), each a table sortable by column through plain links.
 */
export function renderLeaderboard(view: LeaderboardView): string {
  const all = groupByDeveloper(view.errors, view.sort);
  const only = view.developer === undefined ? null : view.developer === '' ? null : view.developer;
  const groups = view.developer === undefined ? all : all.filter((g) => g.email === only);
  const rank = new Map(all.map((g, i) => [g.email, i + 1]));
  const truncated =
    view.developer === undefined && !view.showAll && groups.some((g) => g.errors.length > ROWS_PER_DEVELOPER);
  const anchor = (g: DeveloperGroup) => developerAnchor(g.email ?? 'unassigned');
  const name = (g: DeveloperGroup) => g.email ?? 'nobody blamed (yet)';
  const body = html`
<h1>Errors of the week of <time datetime="${view.week}">${view.week}</time></h1>
<nav class="toolbar" aria-label="Weeks and filters">
  <a href="${reportLink(view, { timestamp: view.prevTimestamp })}" rel="prev">← previous week</a>
  ${view.nextTimestamp === null ? html`<span class="muted">this week</span>` : html`<a href="${reportLink(view, { timestamp: view.nextTimestamp })}" rel="next">next week →</a>`}
  <a href="${reportLink(view, { include_known_errors: !view.includeKnownErrors })}">${view.includeKnownErrors ? 'Hide' : 'Show'} known errors</a>
  <a href="${reportLink(view, { include_modified_before_min_date: !view.includeOld })}">${view.includeOld ? 'Hide' : 'Show'} code changed before ${view.minimumDate}</a>
  ${view.developer !== undefined ? html`<a href="${reportLink(view, { developer: false })}">All developers</a>` : ''}
</nav>
${
  groups.length === 0
    ? html`<p class="empty">Wow, no errors. Great job!</p>`
    : view.developer !== undefined
      ? ''
      : html`<ol class="ranking">${groups.map(
          (g) =>
            html`<li><a href="#${anchor(g)}">${name(g)}</a> <span class="score">${formatCount(g.total)}</span></li>`,
        )}</ol>`
}
${groups.map(
  (g) => html`
<section class="developer" id="${anchor(g)}">
<h2><span class="rank">${rank.get(g.email)}.</span> ${name(g)} <span class="score">${formatCount(g.total)} occurrences in ${formatCount(g.errors.length)} ${g.errors.length === 1 ? 'place' : 'places'}</span></h2>
${developerTable(view, g)}
</section>`,
)}
${truncated ? html`<p class="more"><a href="${reportLink(view, { show: 'all' })}">Show every error of the week on one page</a></p>` : ''}`;
  return layout(`Week of ${view.week}`, body, view.page);
}
