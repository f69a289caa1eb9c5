import { addKnownErrorUrl, developerAnchor } from '../../notify/links';
import type { ErrorRecord } from '../../store/types';
import type { FrameType } from '../../triage/types';
import { formatCount, formatTime, html, type SafeHtml } from '../html';
import { layout, type PageContext } from './layout';

export interface TracebackView {
  record: ErrorRecord | null;
  /** Link timestamp of the record's week, for the way back to the leaderboard. */
  timestamp: number;
  page: PageContext;
}

/** The frame the record is keyed on: its file and line, else the last blamable frame. */
export function blamedFrameIndex(r: ErrorRecord): number {
  const frames = r.last_report.traceback;
  const repoPaths = new Map(r.frames.map((f) => [f.index, f.repoPath]));
  for (let i = frames.length - 1; i >= 0; i--) {
    const repoPath = repoPaths.get(i) ?? frames[i]?.filename;
    if (frames[i]?.line_number === r.key.line_number && repoPath === r.key.filename) return i;
  }
  return r.frames.filter((f) => f.type === 'DEFAULT' || f.type === 'KNOWN_ERROR').at(-1)?.index ?? -1;
}

function blamedFacts(r: ErrorRecord, weekLink: string): SafeHtml {
  const who = r.developer_email
    ? html`<a href="${weekLink}#${developerAnchor(r.developer_email)}">${r.developer_email}</a>`
    : html`nobody ${r.blame_state === 'pending' ? '(blame pending)' : '(could not blame)'}`;
  const author =
    r.author_email && r.author_email !== r.developer_email ? html`<dt>Git author</dt><dd>${r.author_email}</dd>` : '';
  const commit = r.commit ? html` in <code>${r.commit.slice(0, 12)}</code>` : '';
  return html`<dt>Blamed developer</dt><dd>${who}</dd>${author}
<dt>Line last changed</dt><dd>${r.line_date ? formatTime(Date.parse(r.line_date)) : '—'}${commit}</dd>
${r.blamed_revision ? html`<dt>Blamed at revision</dt><dd><code>${r.blamed_revision.slice(0, 12)}</code></dd>` : ''}
${r.blame_note ? html`<dt>Blame explanation</dt><dd>${r.blame_note}</dd>` : ''}`;
}

/** What triage made of a frame, when it is not plain blamable code. */
const FRAME_TAGS: Readonly<Record<FrameType, string>> = {
  DEFAULT: '',
  KNOWN_ERROR: 'known error',
  BUILDING_BLOCK: 'library code',
  THIRDPARTY_WHITELIST: 'third-party',
  IGNORED_FILEPATH: 'not blamed here',
  BAD_FILEPATH: 'outside the repository',
  RAISED_EXCEPTION: 'raised here',
};

function frames(r: ErrorRecord, blamed: number): SafeHtml {
  const types = new Map(r.frames.map((f) => [f.index, f.type]));
  return html`<ol class="traceback">${r.last_report.traceback.map((f, i) => {
    const type = types.get(i);
    const tag = i === blamed ? 'blamed' : type ? FRAME_TAGS[type] : '';
    return html`<li class="frame${i === blamed ? ' blamed' : ''}"><div class="loc">File "${f.filename}", line ${f.line_number}, in ${f.function_name}${tag ? html` <span class="tag">${tag}</span>` : ''}</div><pre>${f.text}</pre></li>`;
  })}</ol>`;
}

function locals(r: ErrorRecord): SafeHtml[] {
  const blamable = new Set(
    r.frames.filter((f) => f.type === 'DEFAULT' || f.type === 'KNOWN_ERROR').map((f) => f.index),
  );
  return r.last_report.traceback.map((f, i) => {
    const entries = Object.entries(f.frame_locals ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!blamable.has(i) || entries.length === 0) return html``;
    return html`<h3>File "${f.filename}", line ${f.line_number}, in ${f.function_name}</h3>
<div class="table-wrap"><table class="locals"><tbody>${entries.map(([k, v]) => html`<tr><th scope="row">${k}</th><td><pre>${v}</pre></td></tr>`)}</tbody></table></div>`;
  });
}

/** One error: counts, blame, the traceback with code, blamable locals and additional info. */
export function renderTraceback(view: TracebackView): string {
  const r = view.record;
  if (!r) {
    return layout('Not found', html`<h1>Not found</h1><p class="empty">No such error in that week.</p>`, view.page);
  }
  const report = r.last_report;
  const weekLink = `/get_weekly_error_report?timestamp=${view.timestamp}`;
  const blamed = blamedFrameIndex(r);
  const localSections = locals(r).filter((s) => s.value !== '');
  const body = html`
<p class="crumbs"><a href="${weekLink}">← week of ${r.week}</a></p>
<h1>${report.exception_type || 'Error'} in <span class="file">${r.key.filename}</span>, line ${r.key.line_number}</h1>
<pre class="message">${report.exception_type ? `${report.exception_type}: ` : ''}${report.exception_message}</pre>
<dl class="facts">
<dt>Occurrences this week</dt><dd>${formatCount(r.count)}</dd>
<dt>First occurrence</dt><dd>${formatTime(r.first_seen)}</dd>
<dt>Last occurrence</dt><dd>${formatTime(r.last_seen)}</dd>
<dt>Host</dt><dd>${r.hostname}</dd>
<dt>Function</dt><dd>${r.key.function_name}</dd>
${blamedFacts(r, weekLink)}
<dt>Known error</dt><dd>${r.is_known_error ? 'yes' : 'no'}</dd>
<dt>Emails sent</dt><dd>${r.email_sent ? formatCount(r.emails_sent) : 'none'}</dd>
</dl>
<p class="actions"><a class="button" href="${addKnownErrorUrl('', r)}">Add to whitelist</a></p>
<h2>Traceback</h2>
${frames(r, blamed)}
<h2>Stack Frame</h2>
${localSections.length > 0 ? localSections : html`<p class="muted">No local variables were sent.</p>`}
<h2>Additional Information</h2>
${report.additional_info ? html`<pre class="info">${report.additional_info}</pre>` : html`<p class="muted">None.</p>`}`;
  return layout(`${r.key.filename}:${r.key.line_number}`, body, view.page);
}
