import type { RuleSet } from '../../rules/types';
import type { RuleKind } from '../../store/types';
import { html } from '../html';
import { RULE_KINDS, RULE_LIST_KEYS, rulesOf } from '../rule-kinds';
import { layout, type PageContext } from './layout';
import { RULE_FORMS } from './rule-form';
import { ruleTable } from './rule-list';

/** The original's "add" pages, kept so bookmarks work. */
export const ADD_PAGES: Readonly<Record<RuleKind, string>> = {
  code: '/add_known_error',
  watch: '/add_watch',
  remap: '/remap_email',
  disown: '/disown_file',
  ignored_exception: '/add_ignored_exception',
};

const SECTION_TITLES: Readonly<Record<RuleKind, string>> = {
  code: 'Known errors, library and third-party code',
  watch: 'File watchers',
  remap: 'Email remapping',
  disown: 'File disownership',
  ignored_exception: 'Ignored exception types',
};

const DONE: Readonly<Record<string, string>> = { added: 'Rule added.', saved: 'Rule saved.', deleted: 'Rule deleted.' };

export interface AdminView {
  rules: RuleSet;
  done: string | undefined;
  page: PageContext;
}

/** `/admin`: add buttons and every rule list, each entry with Edit and Delete. */
export function renderAdmin(view: AdminView): string {
  const locked = view.page.passwordSet && view.page.via === 'none';
  const body = html`
<h1>Admin</h1>
${view.done && DONE[view.done] ? html`<p class="notice" role="status">${DONE[view.done]} It applies from the next report on.</p>` : ''}
${locked ? html`<p class="alert">Changes need the admin password: <a href="/login?next=/admin">log in</a>.</p>` : ''}
<nav class="toolbar" aria-label="Add a rule">
${RULE_KINDS.map((k) => html`<a class="button" href="${ADD_PAGES[k]}">Add ${RULE_FORMS[k].title.toLowerCase()}</a>`)}
</nav>
<p><a href="/view_config">Configuration</a> · <a href="/outbox">Outbox</a> · lists as the original showed them: ${Object.entries(
    RULE_LIST_KEYS,
  ).map(([key, l], i) => html`${i > 0 ? ', ' : ''}<a href="/view_config?key=${key}">${l.title.toLowerCase()}</a>`)}</p>
${RULE_KINDS.map(
  (k) => html`<section class="rules" id="${k}">
<h2>${SECTION_TITLES[k]}</h2>
${ruleTable(k, rulesOf(view.rules, k), view.page)}
</section>`,
)}`;
  return layout('Admin', body, view.page);
}
