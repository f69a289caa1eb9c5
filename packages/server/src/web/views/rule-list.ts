import type { CodeRule, DisownRule, IgnoredExceptionRule, RemapRule, WatchRule } from '../../rules/types';
import type { RuleKind } from '../../store/types';
import { html, type SafeHtml } from '../html';
import { type AnyRule, CODE_KIND_LABELS, isReadOnly } from '../rule-kinds';
import { csrfField, type PageContext } from './layout';

type Column = readonly [label: string, value: (rule: never) => string | SafeHtml];

const dash = (v: string | number | null) => (v === null || v === '' ? '—' : String(v));

function alerts(r: CodeRule): string {
  if (r.kind !== 'known_error') return '—';
  const parts = [
    r.min_alert_threshold !== null ? `from ${r.min_alert_threshold}` : '',
    r.max_alert_threshold !== null ? `up to ${r.max_alert_threshold}` : '',
    r.alert_every_n_occurrences !== null ? `every ${r.alert_every_n_occurrences}` : '',
  ].filter(Boolean);
  return parts.length === 0 ? 'never mailed' : parts.join(', ');
}

/** What each kind's table shows. */
const COLUMNS: Readonly<Record<RuleKind, readonly Column[]>> = {
  code: [
    ['Type', (r: CodeRule) => CODE_KIND_LABELS[r.kind]],
    ['File', (r: CodeRule) => r.filename],
    ['Function', (r: CodeRule) => dash(r.function_name)],
    ['Code', (r: CodeRule) => (r.code_fragment ? html`<code>${r.code_fragment}</code>` : 'any')],
    ['Alerts', alerts],
    ['Extra recipients', (r: CodeRule) => dash(r.email_recipients.join(', '))],
    ['Header', (r: CodeRule) => dash(r.email_header)],
  ],
  watch: [
    ['Email', (r: WatchRule) => r.email],
    ['File or folder', (r: WatchRule) => r.filepath],
    ['Errors', (r: WatchRule) => (r.watch_all_errors ? 'every error through it' : 'only blamed there')],
  ],
  remap: [
    ['Old email', (r: RemapRule) => r.from],
    ['New email', (r: RemapRule) => r.to],
  ],
  disown: [
    ['File or folder', (r: DisownRule) => r.filepath],
    ['Owner', (r: DisownRule) => r.email],
    ['New email', (r: DisownRule) => r.designated_email],
  ],
  ignored_exception: [['Exception type', (r: IgnoredExceptionRule) => r.exception_type]],
};

function actions(kind: RuleKind, rule: AnyRule, page: PageContext): SafeHtml {
  if (isReadOnly(rule)) return html`<span class="tag" title="Edit the rule file on the server">rule file</span>`;
  return html`<a href="/admin/rules/${kind}/${rule.id}/edit">Edit</a>
<form class="inline" method="post" action="/admin/rules/${kind}/${rule.id}/delete">${csrfField(page)}<button class="link danger" type="submit">Delete</button></form>`;
}

/** A table of rules of one kind, each with Edit and Delete (rule-file rules are read-only). */
export function ruleTable(kind: RuleKind, rules: readonly AnyRule[], page: PageContext): SafeHtml {
  if (rules.length === 0) return html`<p class="muted">None yet.</p>`;
  const columns = COLUMNS[kind];
  return html`<div class="table-wrap"><table class="rules rules-${kind}">
<thead><tr>${columns.map(([label]) => html`<th>${label}</th>`)}<th><span class="sr-only">Actions</span></th></tr></thead>
<tbody>${rules.map(
    (rule) =>
      html`<tr id="rule-${kind}-${rule.id}">${columns.map(([, value]) => html`<td>${(value as (r: AnyRule) => string | SafeHtml)(rule)}</td>`)}<td class="actions">${actions(kind, rule, page)}</td></tr>`,
  )}</tbody></table></div>`;
}
