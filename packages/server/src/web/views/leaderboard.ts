import { developerAnchor } from '../../notify/links';
import type { ErrorSummary } from '../../store/types';
import { formatCount, formatTime, html } from '../html';
import { layout } from './layout';

export interface LeaderboardView {
  week: string;
  /** Epoch seconds of this, the previous and the next week's start (link timestamps). */
  timestamp: number;
  prevTimestamp: number;
  nextTimestamp: number | null;
  includeKnownErrors: boolean;
  includeOld: boolean;
  errors: ErrorSummary[];
}

interface DeveloperGroup {
  email: string | null;
  total: number;
  errors: ErrorSummary[];
}

/** Developers by total count, each with their errors by count. */
export function groupByDeveloper(errors: ErrorSummary[]): DeveloperGroup[] {
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
  for (const g of out) g.errors.sort((a, b) => b.count - a.count);
  return out.sort((a, b) => b.total - a.total || String(a.email).localeCompare(String(b.email)));
}

function query(view: LeaderboardView, overrides: Record<string, string | number | boolean>): string {
  const p = new URLSearchParams();
  const values = {
    timestamp: view.timestamp,
    include_known_errors: view.includeKnownErrors,
    include_modified_before_min_date: view.includeOld,
    ...overrides,
  };
  for (const [k, v] of Object.entries(values)) if (v !== false) p.set(k, String(v));
  return `/get_weekly_error_report?${p}`;
}

export function tracebackLink(e: ErrorSummary, timestamp: number): string {
  const p = new URLSearchParams({
    filename: e.key.filename,
    function_name: e.key.function_name,
    line_number: String(e.key.line_number),
    text: e.key.text,
    timestamp: String(timestamp),
  });
  return `/view_traceback?${p}`;
}

export function renderLeaderboard(view: LeaderboardView): string {
  const groups = groupByDeveloper(view.errors);
  const body = html`
<h1>Errors of the week of ${view.week}</h1>
<div class="toolbar">
  <a href="${query(view, { timestamp: view.prevTimestamp })}" rel="prev">← previous week</a>
  ${view.nextTimestamp === null ? '' : html`<a href="${query(view, { timestamp: view.nextTimestamp })}" rel="next">next week →</a>`}
  <a href="${query(view, { include_known_errors: !view.includeKnownErrors })}">${view.includeKnownErrors ? 'hide' : 'show'} known errors</a>
  <a href="${query(view, { include_modified_before_min_date: !view.includeOld })}">${view.includeOld ? 'hide' : 'show'} old code</a>
</div>
${groups.length === 0 ? html`<p class="empty">Wow, no errors. Great job!</p>` : ''}
${groups.map(
  (g) => html`
<section class="developer" id="${developerAnchor(g.email ?? 'unassigned')}">
<h2>${g.email ?? 'not assigned yet'} <span class="score">(${formatCount(g.total)})</span></h2>
<div class="table-wrap"><table>
<thead><tr><th class="num">Count</th><th>File</th><th>Function</th><th class="num">Line</th><th>Last occurred</th><th>Line changed</th><th>Email sent</th></tr></thead>
<tbody>
${g.errors.map(
  (e) => html`<tr>
<td class="num"><a href="${tracebackLink(e, view.timestamp)}">${formatCount(e.count)}</a></td>
<td class="file">${e.key.filename}</td>
<td>${e.key.function_name}</td>
<td class="num">${e.key.line_number}</td>
<td>${formatTime(e.last_seen)}</td>
<td>${e.line_date ? e.line_date.slice(0, 10) : e.blame_state}</td>
<td>${e.email_sent ? 'yes' : 'no'}</td>
</tr>`,
)}
</tbody></table></div>
</section>`,
)}`;
  return layout(`Week of ${view.week}`, body);
}
