import { isValidEmail } from '../notify/address';
import type { CodeIdentifierKind } from '../rules/types';
import type { RuleInput, RuleKind } from '../store/types';

/** Field name → what is wrong with it, shown next to the field (or in a 400 JSON body). */
export type FieldErrors = Record<string, string>;

export type RuleParse = { ok: true; input: RuleInput } | { ok: false; errors: FieldErrors };

/** The fields each kind takes; the JSON API rejects any other (typos must not pass silently). */
export const RULE_FIELDS: Readonly<Record<RuleKind, readonly string[]>> = {
  code: [
    'kind',
    'type',
    'filename',
    'function_name',
    'code_fragment',
    'min_alert_threshold',
    'max_alert_threshold',
    'alert_every_n_occurrences',
    'email_recipients',
    'email_header',
  ],
  watch: ['email', 'filepath', 'watch_all_errors'],
  disown: ['filepath', 'email', 'designated_email'],
  remap: ['from', 'to'],
  ignored_exception: ['exception_type'],
};

/** The original's form values for the code rule kinds are accepted too. */
const CODE_KINDS: Readonly<Record<string, CodeIdentifierKind>> = {
  known_error: 'known_error',
  known_errors: 'known_error',
  building_block: 'building_block',
  building_blocks: 'building_block',
  third_party: 'third_party',
  third_party_whitelist: 'third_party',
};

const CONTROL = /\p{Cc}/u;

/** Reads typed fields from a form (all strings) or a JSON object, collecting errors per field. */
class FieldReader {
  readonly errors: FieldErrors = {};
  constructor(private readonly data: Record<string, unknown>) {}

  fail(name: string, message: string): void {
    this.errors[name] ??= message;
  }

  private raw(name: string): unknown {
    return Object.hasOwn(this.data, name) ? this.data[name] : undefined;
  }

  /** Trimmed text; empty → null (or an error when required). */
  text(name: string, opts: { required?: boolean; max?: number; multiline?: boolean } = {}): string | null {
    const v = this.raw(name);
    if (v !== undefined && v !== null && typeof v !== 'string') {
      this.fail(name, 'must be text');
      return null;
    }
    const t = (v ?? '').trim();
    if (t === '') {
      if (opts.required) this.fail(name, 'is required');
      return null;
    }
    const max = opts.max ?? 1000;
    if (t.length > max) this.fail(name, `must be at most ${max} characters`);
    else if (!opts.multiline && CONTROL.test(t)) this.fail(name, 'must be one line');
    return t;
  }

  /** A whole number ≥ 1, or null when empty. */
  count(name: string): number | null {
    const v = this.raw(name);
    if (v === undefined || v === null || v === '') return null;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      this.fail(name, 'must be a whole number of at least 1');
      return null;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined || v === null || v === '') return fallback;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|1|yes|on)$/i.test(v.trim())) return true;
    if (typeof v === 'string' && /^(false|0|no|off)$/i.test(v.trim())) return false;
    this.fail(name, 'must be true or false');
    return fallback;
  }

  email(name: string): string {
    const t = this.text(name, { required: true, max: 254 }) ?? '';
    if (t !== '' && !isValidEmail(t) && !this.errors[name]) this.fail(name, `"${t}" is not a valid email address`);
    return t;
  }

  /** A list of addresses: a JSON array, or text separated by commas, semicolons or spaces. */
  emails(name: string): string[] {
    const v = this.raw(name);
    let list: unknown[];
    if (v === undefined || v === null) list = [];
    else if (Array.isArray(v)) list = v;
    else if (typeof v === 'string') list = v.split(/[\s,;]+/);
    else {
      this.fail(name, 'must be a list of email addresses');
      return [];
    }
    const out: string[] = [];
    for (const item of list) {
      const t = typeof item === 'string' ? item.trim() : '';
      if (t === '' && typeof item === 'string') continue;
      if (!isValidEmail(t)) {
        this.fail(name, `${JSON.stringify(item)} is not a valid email address`);
        return [];
      }
      out.push(t);
    }
    return out;
  }
}

function parseCode(r: FieldReader, data: Record<string, unknown>): RuleInput {
  const rawKind = data['kind'] ?? data['type'] ?? 'known_error';
  const kind = typeof rawKind === 'string' ? CODE_KINDS[rawKind] : undefined;
  if (!kind) r.fail('type', 'must be known_error, building_block or third_party');
  const rule = {
    kind: kind ?? 'known_error',
    filename: r.text('filename', { required: true, max: 4096 }) ?? '',
    function_name: r.text('function_name', { max: 4096 }),
    code_fragment: r.text('code_fragment', { max: 65536, multiline: true }),
    min_alert_threshold: r.count('min_alert_threshold'),
    max_alert_threshold: r.count('max_alert_threshold'),
    alert_every_n_occurrences: r.count('alert_every_n_occurrences'),
    email_recipients: r.emails('email_recipients'),
    email_header: r.text('email_header', { max: 5000, multiline: true }),
  };
  const { min_alert_threshold: min, max_alert_threshold: max } = rule;
  if (min !== null && max !== null && max < min) r.fail('max_alert_threshold', 'must not be below the minimum');
  if (kind && kind !== 'known_error') {
    const onlyKnown = [
      'min_alert_threshold',
      'max_alert_threshold',
      'alert_every_n_occurrences',
      'email_recipients',
      'email_header',
    ] as const;
    for (const f of onlyKnown) {
      const v = rule[f];
      if (v !== null && !(Array.isArray(v) && v.length === 0)) r.fail(f, 'only known errors take alert settings');
    }
  }
  return { kind: 'code', rule };
}

function parseByKind(kind: RuleKind, r: FieldReader, data: Record<string, unknown>): RuleInput {
  switch (kind) {
    case 'code':
      return parseCode(r, data);
    case 'watch':
      return {
        kind,
        rule: {
          email: r.email('email'),
          filepath: r.text('filepath', { required: true, max: 4096 }) ?? '',
          watch_all_errors: r.bool('watch_all_errors', false),
        },
      };
    case 'disown': {
      const rule = {
        filepath: r.text('filepath', { required: true, max: 4096 }) ?? '',
        email: r.email('email'),
        designated_email: r.email('designated_email'),
      };
      if (rule.email !== '' && rule.email.toLowerCase() === rule.designated_email.toLowerCase()) {
        r.fail('designated_email', 'must differ from the email that disowns the file');
      }
      return { kind, rule };
    }
    case 'remap': {
      const from = r.text('from', { required: true, max: 254 }) ?? '';
      if (/[\s<>,;"]/.test(from)) r.fail('from', 'must be an email address or its part before the @');
      const to = r.text('to', { required: true, max: 254 }) ?? '';
      if (to !== '' && !isValidEmail(to) && !/^[^\s@<>,;"]+$/.test(to)) {
        r.fail('to', `"${to}" is not a valid email address or local part`);
      }
      if (from !== '' && from.toLowerCase() === to.toLowerCase()) r.fail('to', 'must differ from the old address');
      return { kind, rule: { from, to } };
    }
    case 'ignored_exception':
      return { kind, rule: { exception_type: r.text('exception_type', { required: true, max: 1024 }) ?? '' } };
  }
}

/** Form field names of the original's admin forms, so scripts written against it keep working. */
const ORIGINAL_FIELD_NAMES: Partial<Record<RuleKind, Record<string, string>>> = {
  remap: { old_email: 'from', new_email: 'to' },
  ignored_exception: { exc_name: 'exception_type' },
};

function withOriginalNames(kind: RuleKind, data: Record<string, unknown>): Record<string, unknown> {
  const names = ORIGINAL_FIELD_NAMES[kind];
  if (!names) return data;
  const out = { ...data };
  for (const [original, ours] of Object.entries(names)) {
    if (out[ours] === undefined && out[original] !== undefined) out[ours] = out[original];
  }
  return out;
}

/**
 * Validates a rule from a form or a JSON body. `strict` (the JSON API) also rejects
 * fields the kind does not take; forms carry `_csrf` and buttons, so they are lenient.
 */
export function parseRuleInput(kind: RuleKind, data: Record<string, unknown>, strict: boolean): RuleParse {
  if (!strict) data = withOriginalNames(kind, data);
  const r = new FieldReader(data);
  if (strict) {
    for (const name of Object.keys(data)) {
      if (!RULE_FIELDS[kind].includes(name) && name !== 'id') r.fail(name, `is not a field of ${kind} rules`);
    }
  }
  const input = parseByKind(kind, r, data);
  return Object.keys(r.errors).length > 0 ? { ok: false, errors: r.errors } : { ok: true, input };
}
