import { resolve } from 'node:path';
import { type OptionDefinition, type OptionName, parseBoolean } from '../../config/definitions';
import { MASK, maskUrlCredentials } from '../../config/mask';
import { hostnameProblem } from '../../config/validate';
import type { Prompter } from './prompter';
import { type Answers, type Context, gitRuns, PATH_OPTIONS, type Question, questions } from './questions';

/** A value `configure` cannot accept, in scripted mode (there is nobody to ask again). */
export class ConfigureProblem extends Error {
  constructor(
    readonly option: string,
    readonly expected: string,
  ) {
    super(`${option}: expected ${expected}`);
  }
}

export type Values = Partial<Record<OptionName, unknown>>;

export interface InterviewOptions {
  /** Null: scripted (`--yes`), every answer is the flag, the existing value or the suggestion. */
  prompter: Prompter | null;
  ctx: Context;
  /** Values of the existing file, typed; they are the defaults shown. */
  existing: Values;
  /** Values given as flags; those questions are not asked. */
  fixed: Values;
}

type Interpreted = { ok: true; value: unknown } | { ok: false; expected: string };

/** How a value reads in a prompt or the summary (secrets masked). */
export function showValue(value: unknown, secret = false, noneMeans?: string): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
    return noneMeans ? `none: ${noneMeans}` : 'none';
  }
  // A URL keeps all but its credentials, so the summary still says where it points.
  if (secret) {
    return typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? maskUrlCredentials(value, true) : MASK;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return Array.isArray(value) ? value.join(',') : String(value);
}

/**
 * Reads one typed answer: blank keeps `current`, `-` clears an optional value, anything
 * else goes through the option's own parser (and for some options a further check).
 */
export function interpretAnswer(text: string, current: unknown, q: Question, a: Answers, ctx: Context): Interpreted {
  const d = q.definition;
  const trimmed = text.trim();
  let value: unknown;
  if (trimmed === '') {
    value = current;
  } else if (trimmed === '-') {
    if (d.default !== null) return { ok: false, expected: `a value: ${d.key} cannot be unset` };
    value = null;
  } else {
    // An INI reader takes " ;" as the start of a comment, so such a value would not survive the file.
    if (/\s;/.test(trimmed)) return { ok: false, expected: 'a value without " ;" (the file would cut it there)' };
    const parsed = d.parse(trimmed);
    if (!parsed.ok) return parsed;
    if (d.key === 'hostname') {
      const problem = hostnameProblem(trimmed);
      if (problem) return { ok: false, expected: problem };
    }
    value = parsed.value;
    if (typeof value === 'string' && PATH_OPTIONS.has(d.key)) value = resolve(ctx.cwd, value);
    if (d.key === 'git_cli_path' && typeof value === 'string') {
      const git = /[/\\]/.test(value) ? resolve(ctx.cwd, value) : value;
      if (!gitRuns(git)) return { ok: false, expected: 'a git executable that runs' };
      value = git;
    }
  }
  const required = value === null ? (q.required?.(a) ?? null) : null;
  return required ? { ok: false, expected: required } : { ok: true, value };
}

/** Passwords are typed unseen; a URL with credentials is not (a typo in it would be invisible). */
const typedUnseen = (d: OptionDefinition): boolean => d.secret === true && d.type !== 'url';

function promptFor(d: OptionDefinition, shown: string): string {
  const choices = d.type === 'boolean' ? ' (yes/no)' : '';
  const hidden = typedUnseen(d) ? ' (not shown as you type)' : '';
  return `  ${d.key}${choices}${hidden} [${shown}]: `;
}

async function askUntilValid(p: Prompter, q: Question, current: unknown, a: Answers, ctx: Context): Promise<unknown> {
  const d = q.definition;
  p.say(`  ${d.description}`);
  const shown = showValue(current, d.secret === true, q.noneMeans?.(a));
  for (;;) {
    const text = await p.ask(promptFor(d, shown), { secret: typedUnseen(d) });
    const r = interpretAnswer(text, current, q, a, ctx);
    if (r.ok) return r.value;
    p.say(`    expected ${r.expected}; try again (Enter keeps [${shown}])`);
  }
}

async function askManageRepo(p: Prompter | null, suggested: boolean): Promise<boolean> {
  if (!p) return suggested;
  p.say('  Flawless can clone your repository from a URL and keep it up to date (every 5 minutes),');
  p.say('  or blame in a checkout you keep up to date yourself.');
  for (;;) {
    const text = await p.ask(`  clone from a URL (yes/no) [${suggested ? 'yes' : 'no'}]: `);
    if (text.trim() === '') return suggested;
    const r = parseBoolean(text);
    if (r.ok) return r.value;
    p.say(`    expected ${r.expected}`);
  }
}

export interface InterviewResult {
  /** A value for every question's option (the default for questions that did not apply). */
  values: Values;
  /** The options that applied (asked, or given as a flag), in the order asked. */
  applicable: OptionName[];
}

/**
 * Runs the questionnaire.
 *
 * @throws ConfigureProblem in scripted mode, when a required value is missing.
 * @throws PromptAborted when the input ends or Ctrl-C is pressed.
 */
export async function interview(options: InterviewOptions): Promise<InterviewResult> {
  const { prompter: p, ctx, existing, fixed } = options;
  const a: Answers = {};
  const applicable: OptionName[] = [];
  let section = '';
  for (const q of questions()) {
    const d = q.definition;
    if (q.section !== section) {
      section = q.section;
      p?.say();
      p?.say(section);
      if (section === 'Repository') {
        const wanted = fixed.repo_url ?? existing.repo_url;
        a.manageRepo = 'repo_url' in fixed ? fixed.repo_url !== null : await askManageRepo(p, Boolean(wanted));
      }
    }
    if (q.when && !q.when(a, ctx)) {
      a[d.key] = d.default;
      continue;
    }
    applicable.push(d.key);
    if (d.key in fixed) {
      const value = fixed[d.key];
      const required = value === null ? q.required?.(a) : null;
      if (required) throw new ConfigureProblem(d.key, required);
      a[d.key] = value;
      p?.say(`  ${d.key} = ${showValue(value, d.secret === true)} (given as a flag)`);
      continue;
    }
    const current = d.key in existing ? existing[d.key] : q.suggest ? q.suggest(a, ctx) : d.default;
    if (p) {
      a[d.key] = await askUntilValid(p, q, current, a, ctx);
      continue;
    }
    const required = current === null || current === undefined ? q.required?.(a) : null;
    if (required) throw new ConfigureProblem(d.key, required);
    a[d.key] = current ?? null;
  }
  const { manageRepo: _manageRepo, ...values } = a;
  return { values, applicable };
}
