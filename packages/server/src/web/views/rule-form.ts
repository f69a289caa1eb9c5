import type { RuleKind } from '../../store/types';
import { html, type SafeHtml } from '../html';
import type { FieldErrors } from '../rule-input';
import { type AnyRule, CODE_KIND_LABELS } from '../rule-kinds';
import { csrfField, layout, type PageContext } from './layout';

interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'email' | 'number' | 'textarea' | 'select';
  required?: boolean;
  help?: string;
  options?: ReadonlyArray<readonly [string, string]>;
  /** Starts a group of fields under this heading. */
  group?: string;
}

interface FormSpec {
  title: string;
  intro: string;
  /** Where the add form posts: the original's paths. */
  saveAction: string;
  fields: readonly FieldSpec[];
}

/** The add/edit form of each rule kind. */
export const RULE_FORMS: Readonly<Record<RuleKind, FormSpec>> = {
  code: {
    title: 'Known error',
    intro:
      'Whitelists a line. An empty function name or code fragment matches any. Without alert settings the error is only marked known and never mailed; with them, emails continue at that pace.',
    saveAction: '/save_known_error',
    fields: [
      {
        name: 'filename',
        label: 'File path',
        type: 'text',
        required: true,
        help: 'Repository-relative, as in the traceback',
      },
      { name: 'function_name', label: 'Function name', type: 'text', help: 'Empty: any function' },
      {
        name: 'code_fragment',
        label: 'Code fragment',
        type: 'textarea',
        help: 'Empty: any line; whitespace is ignored',
      },
      {
        name: 'type',
        label: 'Type',
        type: 'select',
        options: Object.entries(CODE_KIND_LABELS),
        help: 'Library code passes the blame to its caller; third-party code drops the report',
      },
      {
        name: 'min_alert_threshold',
        label: 'Minimum alert threshold',
        type: 'number',
        group: 'Alerts (known errors only)',
        help: 'First email at this count',
      },
      {
        name: 'max_alert_threshold',
        label: 'Maximum alert threshold',
        type: 'number',
        help: 'No email above this count',
      },
      { name: 'alert_every_n_occurrences', label: 'Alert every N occurrences', type: 'number' },
      {
        name: 'email_recipients',
        label: 'Extra recipients',
        type: 'text',
        help: 'Email addresses, separated by commas',
      },
      { name: 'email_header', label: 'Email header', type: 'textarea', help: 'Shown above the email body' },
    ],
  },
  watch: {
    title: 'File watch',
    intro: 'Sends someone the emails about a file, or every file under a folder.',
    saveAction: '/save_watch',
    fields: [
      { name: 'email', label: 'Email', type: 'email', required: true },
      { name: 'filepath', label: 'File or folder', type: 'text', required: true, help: 'Repository-relative' },
      {
        name: 'watch_all_errors',
        label: 'Which errors',
        type: 'select',
        options: [
          ['false', 'Only errors blamed there'],
          ['true', 'Every error passing through there'],
        ],
      },
    ],
  },
  remap: {
    title: 'Email remapping',
    intro: 'Sends the mail of an address git knows (an old or invalid one) to another.',
    saveAction: '/save_remap_email',
    fields: [
      {
        name: 'from',
        label: 'Old email',
        type: 'text',
        required: true,
        help: 'A full address, or the part before the @',
      },
      { name: 'to', label: 'New email', type: 'text', required: true },
    ],
  },
  disown: {
    title: 'File disownership',
    intro: "Hands someone's lines in a file or folder to another developer.",
    saveAction: '/save_disown_file',
    fields: [
      { name: 'filepath', label: 'File or folder', type: 'text', required: true, help: 'Repository-relative' },
      { name: 'email', label: 'Email of the current owner', type: 'email', required: true },
      { name: 'designated_email', label: 'New email', type: 'email', required: true },
    ],
  },
  ignored_exception: {
    title: 'Ignored exception type',
    intro: 'Drops every report of this exception type.',
    saveAction: '/save_ignored_exceptions',
    fields: [
      {
        name: 'exception_type',
        label: 'Exception type',
        type: 'text',
        required: true,
        help: 'As reported, e.g. AbortError',
      },
    ],
  },
};

/** A rule's values as its form shows them. */
export function ruleFormValues(rule: AnyRule): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rule)) {
    if (k === 'id' || v === null) continue;
    out[k === 'kind' ? 'type' : k] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

function field(f: FieldSpec, value: string, error: string | undefined): SafeHtml {
  const id = `f-${f.name}`;
  const described = [error ? `${id}-error` : '', f.help ? `${id}-help` : ''].filter(Boolean).join(' ');
  const attrs = html`id="${id}" name="${f.name}"${f.required ? html` required` : ''}${error ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}`;
  let control: SafeHtml;
  if (f.type === 'textarea') control = html`<textarea ${attrs} rows="3">${value}</textarea>`;
  else if (f.type === 'select') {
    control = html`<select ${attrs}>${(f.options ?? []).map(
      ([v, label]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${label}</option>`,
    )}</select>`;
  } else {
    const type =
      f.type === 'number' ? html`type="number" min="1" step="1" inputmode="numeric"` : html`type="${f.type}"`;
    control = html`<input ${type} ${attrs} value="${value}">`;
  }
  return html`${f.group ? html`<h3 class="group">${f.group}</h3>` : ''}<div class="field${error ? ' invalid' : ''}">
<label for="${id}">${f.label}${f.required ? html` <span aria-hidden="true">*</span>` : ''}</label>
${control}
${error ? html`<p class="error" id="${id}-error">${f.label} ${error}</p>` : ''}
${f.help ? html`<p class="help" id="${id}-help">${f.help}</p>` : ''}
</div>`;
}

export interface RuleFormView {
  kind: RuleKind;
  /** null: a new rule. */
  id: number | null;
  values: Record<string, string>;
  errors: FieldErrors;
  page: PageContext;
  /** This page's path and query: where the login link comes back to (prefill kept). */
  here: string;
}

/** The add or edit form of a rule; errors sit next to their fields, values are kept. */
export function renderRuleForm(view: RuleFormView): string {
  const spec = RULE_FORMS[view.kind];
  const action = view.id === null ? spec.saveAction : `/admin/rules/${view.kind}/${view.id}`;
  const known = new Set(spec.fields.map((f) => f.name));
  const stray = Object.entries(view.errors).filter(([name]) => !known.has(name));
  const count = Object.keys(view.errors).length;
  const body = html`
<p class="crumbs"><a href="/admin">← admin</a></p>
<h1>${view.id === null ? 'Add' : 'Edit'} ${spec.title.toLowerCase()}</h1>
<p class="intro">${spec.intro}</p>
${view.page.passwordSet && view.page.via === 'none' ? html`<p class="alert">Saving needs the admin password: <a href="/login?${new URLSearchParams({ next: view.here })}">log in</a> first.</p>` : ''}
${count > 0 ? html`<p class="alert" role="alert">Please correct ${count === 1 ? 'the field' : `${count} fields`} marked below.</p>` : ''}
${stray.map(([name, message]) => html`<p class="error">${name} ${message}</p>`)}
<form class="rule" method="post" action="${action}">
${csrfField(view.page)}
${spec.fields.map((f) => field(f, view.values[f.name] ?? '', view.errors[f.name]))}
<div class="buttons"><button type="submit">${view.id === null ? 'Add' : 'Save changes'}</button> <a href="/admin">Cancel</a></div>
</form>`;
  return layout(`${view.id === null ? 'Add' : 'Edit'} ${spec.title.toLowerCase()}`, body, view.page);
}
