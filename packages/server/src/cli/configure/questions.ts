/**
 * The questionnaire of `flawless configure`: every option the definitions table marks
 * `ask`, grouped and ordered as the original asked them, with the few rules that make one
 * answer depend on another (no SMTP user without an SMTP host, a password required off
 * loopback, the clone's directory suggested under the data directory).
 */
import { execFileSync } from 'node:child_process';
import { hostname as machineName } from 'node:os';
import { join, resolve } from 'node:path';
import { OPTION_DEFINITIONS, type OptionDefinition, type OptionName } from '../../config/definitions';
import { isLoopback } from '../network';

/** The answers so far (typed values), plus whether Flawless manages the clone. */
export type Answers = Partial<Record<OptionName, unknown>> & { manageRepo?: boolean };

export interface Context {
  /** What relative paths are relative to. */
  cwd: string;
  /** True when `git` runs from the PATH. */
  gitFound: boolean;
}

export interface QuestionRule {
  section: string;
  /** Asked only when this holds; otherwise the option keeps its default. */
  when?: (a: Answers, ctx: Context) => boolean;
  /** The suggestion when the option has no value yet (default: the table's default). */
  suggest?: (a: Answers, ctx: Context) => unknown;
  /** Why an empty value is not acceptable here, or null when it is. */
  required?: (a: Answers) => string | null;
  /** What an unset value means, shown next to "none". */
  noneMeans?: (a: Answers) => string;
}

export interface Question extends QuestionRule {
  definition: OptionDefinition;
}

const hasSmtp = (a: Answers) => Boolean(a.smtp_host);

/** The questions in the order asked; options marked `ask` that are not listed here come last. */
const RULES: [OptionName, QuestionRule][] = [
  ['http_port', { section: 'Server' }],
  ['port', { section: 'Server' }],
  ['bind_address', { section: 'Server' }],
  [
    'hostname',
    {
      section: 'Server',
      suggest: (a) => {
        const host = isLoopback(String(a.bind_address ?? '127.0.0.1')) ? 'localhost' : machineName();
        return `http://${host}:${String(a.http_port ?? 8080)}`;
      },
    },
  ],
  [
    'admin_password',
    {
      section: 'Server',
      required: (a) =>
        isLoopback(String(a.bind_address ?? '127.0.0.1'))
          ? null
          : `a password: bind_address ${String(a.bind_address)} is reachable from other machines`,
      noneMeans: () => 'anyone who reaches the web UI can change rules',
    },
  ],
  ['email_domain_name', { section: 'Email' }],
  ['ignore_vcs_email_domain', { section: 'Email' }],
  ['default_contact', { section: 'Email', noneMeans: () => 'nobody hears about problems' }],
  ['smtp_host', { section: 'Outgoing mail (SMTP)', noneMeans: () => 'emails are written to the outbox' }],
  ['smtp_use_tls', { section: 'Outgoing mail (SMTP)', when: hasSmtp }],
  ['smtp_user', { section: 'Outgoing mail (SMTP)', when: hasSmtp, noneMeans: () => 'no login' }],
  [
    'smtp_password',
    {
      section: 'Outgoing mail (SMTP)',
      when: (a) => hasSmtp(a) && Boolean(a.smtp_user),
      required: (a) => `the password of ${String(a.smtp_user)}`,
    },
  ],
  [
    'smtp_from',
    {
      section: 'Outgoing mail (SMTP)',
      noneMeans: (a) => `error_report@${String(a.email_domain_name ?? 'example.com')}`,
    },
  ],
  ['data_dir_path', { section: 'Storage' }],
  [
    'repo_url',
    {
      section: 'Repository',
      when: (a) => a.manageRepo === true,
      required: () => 'the URL to clone, e.g. https://user:token@git.example.com/team/app.git',
    },
  ],
  [
    'repo_dir',
    {
      section: 'Repository',
      suggest: (a, ctx) =>
        a.manageRepo ? join(resolve(ctx.cwd, String(a.data_dir_path ?? '.flawless')), 'repo') : gitTopLevel(ctx.cwd),
      noneMeans: () => 'the repository of the directory flawless starts in',
    },
  ],
  [
    'repo_branch_pattern',
    {
      section: 'Repository',
      when: (a) => a.manageRepo === true,
      noneMeans: () => "stay on the clone's branch and pull",
    },
  ],
  ['git_cli_path', { section: 'Repository', when: (_a, ctx) => !ctx.gitFound }],
];

/** Every question, in order: the rules above, then any other `ask` option of the table. */
export function questions(): Question[] {
  const byKey = new Map<string, OptionDefinition>(OPTION_DEFINITIONS.map((d) => [d.key, d]));
  const listed = new Set(RULES.map(([key]) => key));
  const out: Question[] = RULES.map(([key, rule]) => ({ ...rule, definition: byKey.get(key)! }));
  for (const d of OPTION_DEFINITIONS) {
    if ('ask' in d && d.ask && !listed.has(d.key)) out.push({ section: 'Other', definition: d });
  }
  return out;
}

/** Options whose relative paths `configure` makes absolute, so the file works from any directory. */
export const PATH_OPTIONS: ReadonlySet<OptionName> = new Set<OptionName>([
  'data_dir_path',
  'repo_dir',
  'log_file',
  'config_dir_path',
  'blame_ignore_revs_file',
]);

/** The top of the git repository around `cwd`, or null. */
export function gitTopLevel(cwd: string, gitPath = 'git'): string | null {
  try {
    return execFileSync(gitPath, ['rev-parse', '--show-toplevel'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/** True when `git --version` runs. */
export function gitRuns(gitPath = 'git'): boolean {
  try {
    execFileSync(gitPath, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
