import type { OutboxEntry, OutboxStatus } from '../../store/types';
import { formatCount, formatTime, html } from '../html';
import { layout, type PageContext } from './layout';

export interface OutboxView {
  entries: OutboxEntry[];
  status: OutboxStatus | null;
  limit: number;
  page: PageContext;
}

const LABELS: Readonly<Record<OutboxStatus, string>> = { pending: 'waiting', sent: 'sent', failed: 'failed' };

/** Waiting entries that already failed once are retrying: say so, with the error. */
function statusOf(e: OutboxEntry): string {
  if (e.status === 'pending' && e.attempts > 0) return 'retrying';
  return LABELS[e.status];
}

/** The outbox: newest emails first, filterable by status, failures with their SMTP error. */
export function renderOutbox(view: OutboxView): string {
  const shown = view.status === null ? view.entries : view.entries.filter((e) => e.status === view.status);
  const count = (s: OutboxStatus) => view.entries.filter((e) => e.status === s).length;
  const filter = (s: OutboxStatus | null, label: string) =>
    view.status === s
      ? html`<strong>${label}</strong>`
      : html`<a href="/outbox${s === null ? '' : `?status=${s}`}">${label}</a>`;
  const body = html`
<h1>Outbox</h1>
<p class="muted">The newest ${formatCount(view.limit)} emails. Waiting ones are retried with backoff.</p>
<nav class="toolbar" aria-label="Filter">
${filter(null, `all (${formatCount(view.entries.length)})`)}
${filter('pending', `waiting (${formatCount(count('pending'))})`)}
${filter('sent', `sent (${formatCount(count('sent'))})`)}
${filter('failed', `failed (${formatCount(count('failed'))})`)}
</nav>
${
  shown.length === 0
    ? html`<p class="empty">No emails.</p>`
    : html`<div class="table-wrap"><table class="outbox">
<thead><tr><th>Queued</th><th>Status</th><th>Subject</th><th>Recipients</th><th class="num">Attempts</th><th>Last error</th><th>Sent / next try</th></tr></thead>
<tbody>${shown.map(
        (e) => html`<tr class="status-${e.status}">
<td class="when">${formatTime(e.created_at)}</td><td><span class="tag">${statusOf(e)}</span>${e.kind === 'problem' ? html` <span class="tag">problem</span>` : ''}</td>
<td>${e.subject}</td><td class="file">${e.to.join(', ')}</td><td class="num">${e.attempts}</td>
<td class="file">${e.last_error ?? '—'}</td><td class="when">${e.status === 'sent' ? formatTime(e.sent_at) : e.status === 'pending' ? formatTime(e.next_attempt_at) : '—'}</td>
</tr>`,
      )}</tbody></table></div>`
}`;
  return layout('Outbox', body, view.page);
}
