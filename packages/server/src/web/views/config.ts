import { envName, OPTION_DEFINITIONS, type OptionDefinition } from '../../config/definitions';
import { html, type SafeHtml } from '../html';
import { type AnyRule, RULE_LIST_KEYS, type RuleListKey } from '../rule-kinds';
import { layout, type PageContext } from './layout';
import { ruleTable } from './rule-list';

/** How an option's (already masked) value reads on the page. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '(not set)';
  if (Array.isArray(value)) return value.length === 0 ? '(empty list)' : value.join(', ');
  return String(value);
}

const crumbs = html`<p class="crumbs"><a href="/admin">← admin</a> · <a href="/view_config">all options</a></p>`;

function isSecret(d: OptionDefinition): boolean {
  return 'secret' in d && d.secret === true;
}

/** Every option with its masked value and description. */
export function renderConfigList(masked: Record<string, unknown>, page: PageContext): string {
  const body = html`<p class="crumbs"><a href="/admin">← admin</a></p>
<h1>Configuration</h1>
<p class="muted">Secrets are masked. Lists of rules: ${Object.entries(RULE_LIST_KEYS).map(
    ([key, l], i) => html`${i > 0 ? ', ' : ''}<a href="/view_config?key=${key}">${l.title.toLowerCase()}</a>`,
  )}.</p>
<div class="table-wrap"><table class="config">
<thead><tr><th>Option</th><th>Value</th><th>Description</th></tr></thead>
<tbody>${OPTION_DEFINITIONS.map(
    (d) =>
      html`<tr><td><a href="/view_config?key=${d.key}"><code>${d.key}</code></a></td><td class="file">${showValue(masked[d.key])}</td><td>${d.description}</td></tr>`,
  )}</tbody></table></div>`;
  return layout('Configuration', body, page);
}

/** One option: its value (masked when secret), default, type, environment variable and description. */
export function renderConfigOption(d: OptionDefinition, masked: Record<string, unknown>, page: PageContext): string {
  const body = html`${crumbs}
<h1><code>${d.key}</code></h1>
<p>${d.description}</p>
<dl class="facts">
<dt>Value</dt><dd class="file"><code>${showValue(masked[d.key])}</code>${isSecret(d) ? html` <span class="tag">secret: masked</span>` : ''}</dd>
<dt>Default</dt><dd><code>${showValue(isSecret(d) && d.default !== null ? '********' : d.default)}</code></dd>
<dt>Type</dt><dd>${d.type}</dd>
<dt>Environment variable</dt><dd><code>${envName(d.key)}</code></dd>
</dl>`;
  return layout(d.key, body, page);
}

/** One of the original's rule lists (`/view_config?key=known_errors` and the like). */
export function renderConfigRules(list: RuleListKey, rules: AnyRule[], page: PageContext): string {
  const shown = list.codeKind ? rules.filter((r) => 'kind' in r && r.kind === list.codeKind) : rules;
  const body: SafeHtml = html`${crumbs}<h1>${list.title}</h1>${ruleTable(list.kind, shown, page)}`;
  return layout(list.title, body, page);
}

/** An unknown key: say so, with the closest name when it looks like a typo. */
export function renderConfigUnknown(key: string, suggestion: string | undefined, page: PageContext): string {
  const body = html`${crumbs}<h1>Unknown option</h1>
<p>There is no option or rule list called <code>${key}</code>.${suggestion ? html` Did you mean <a href="/view_config?key=${suggestion}"><code>${suggestion}</code></a>?` : ''}</p>`;
  return layout('Unknown option', body, page);
}
