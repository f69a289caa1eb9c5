import type { ErrorRecord } from '../../store/types';
import { formatCount, formatTime, html } from '../html';
import { layout } from './layout';

export interface TracebackView {
  record: ErrorRecord | null;
  whitelistLink: string;
}

export function renderTraceback(view: TracebackView): string {
  const r = view.record;
  if (!r) return layout('Not found', html`<h1>Not found</h1><p class="empty">No such error in that week.</p>`);
  const report = r.last_report;
  const blamable = new Set(
    r.frames.filter((f) => f.type === 'DEFAULT' || f.type === 'KNOWN_ERROR').map((f) => f.index),
  );
  const blamedIndex = r.frames.filter((f) => blamable.has(f.index)).at(-1)?.index ?? -1;
  const body = html`
<h1>${report.exception_type || 'Error'} in ${r.key.filename}</h1>
<dl class="facts">
<dt>Count</dt><dd>${formatCount(r.count)}</dd>
<dt>First seen</dt><dd>${formatTime(r.first_seen)}</dd>
<dt>Last seen</dt><dd>${formatTime(r.last_seen)}</dd>
<dt>Host</dt><dd>${r.hostname}</dd>
<dt>Blamed</dt><dd>${r.developer_email ?? `nobody (${r.blame_state})`}</dd>
<dt>Line changed</dt><dd>${r.line_date ?? ''}${r.commit ? html` in <code>${r.commit.slice(0, 10)}</code>` : ''}</dd>
${r.blame_note ? html`<dt>Why</dt><dd>${r.blame_note}</dd>` : ''}
<dt>Known error</dt><dd>${r.is_known_error ? 'yes' : 'no'}</dd>
<dt>Email sent</dt><dd>${r.email_sent ? `yes (${r.emails_sent})` : 'no'}</dd>
</dl>
<h2>Traceback</h2>
<div class="traceback">
${report.traceback.map(
  (f, i) =>
    html`<div class="frame${i === blamedIndex ? ' blamed' : ''}"><div class="loc">File "${f.filename}", line ${f.line_number}, in ${f.function_name}</div><pre>${f.text}</pre></div>`,
)}
</div>
<pre class="message">${report.exception_type ? `${report.exception_type}: ` : ''}${report.exception_message}</pre>
<h2>Stack Frame</h2>
${report.traceback.map((f, i) => {
  const locals = Object.entries(f.frame_locals ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!blamable.has(i) || locals.length === 0) return '';
  return html`<h3>File "${f.filename}", line ${f.line_number}, in ${f.function_name}</h3>
<div class="table-wrap"><table class="locals"><tbody>${locals.map(([k, v]) => html`<tr><th>${k}</th><td><pre>${v}</pre></td></tr>`)}</tbody></table></div>`;
})}
<h2>Additional Information</h2>
<pre>${report.additional_info ?? ''}</pre>
<p><a href="${view.whitelistLink}">Add to whitelist</a></p>`;
  return layout(`${r.key.filename}:${r.key.line_number}`, body);
}
