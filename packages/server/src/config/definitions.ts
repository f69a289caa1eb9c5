/**
 * The one table of configuration options. It drives validation, environment
 * overrides, `flawless configure`, `--help`, `check-config` and docs/config.md.
 * Names and defaults of the original Python Flawless are kept so that an existing
 * `flawless.cfg` loads unchanged.
 */

import { networkEntryProblem } from './networks';

/** The validated, frozen configuration the server runs on. */
export interface Config {
  port: number;
  http_port: number;
  /** Public base URL, always with a scheme and without a trailing slash. */
  hostname: string;
  email_domain_name: string;
  ignore_vcs_email_domain: boolean;
  default_contact: string | null;
  smtp_host: string | null;
  smtp_user: string | null;
  smtp_password: string | null;
  smtp_use_tls: boolean;
  smtp_from: string | null;
  smtp_timeout: number;
  data_dir_path: string;
  config_dir_path: string | null;
  report_runtime_package_directory_names: string[];
  /** YYYY-MM-DD */
  report_only_after_minimum_date: string;
  report_error_threshold: number;
  only_blame_filepaths_matching: string[];
  max_concurrent_git_blames: number;
  git_cli_path: string;
  repo_type: string;
  repo_dir: string | null;
  repo_url: string | null;
  repo_branch_pattern: string | null;
  flawless_hostports: string[];
  client_timeout: number;
  /** A pino level name. */
  log_level: string;
  log_file: string | null;
  log_days_to_keep: number;
  bind_address: string;
  storage: string;
  admin_password: string | null;
  protect_all_pages: boolean;
  ingest_token: string | null;
  /** Who may connect to the Thrift port: addresses, CIDR networks, `any` or `none`; empty: loopback only. */
  thrift_allow: string[];
  max_report_bytes: number;
  timezone: string;
  blame_ignore_revs_file: string | null;
  blame_ignore_authors: string;
}

export type OptionName = keyof Config;

/** A parser turns the text of a value into its typed form, or says what it expected. */
export type Parser<T> = (raw: string) => { ok: true; value: T } | { ok: false; expected: string };

export interface OptionDefinition<K extends OptionName = OptionName> {
  key: K;
  /** The value before any file or environment speaks; `null` means unset. */
  default: Config[K];
  /** Human description used by --help, configure and docs/config.md. */
  description: string;
  /** Short type name for docs. */
  type: string;
  parse: Parser<Config[K]>;
  /** Masked in /check_health, check-config and logs. */
  secret?: boolean;
  /** Kept from the Python original (as opposed to new in this version). */
  original?: boolean;
  /** Asked by `flawless configure`. */
  ask?: boolean;
}

const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (expected: string) => ({ ok: false as const, expected });

export const parseInteger =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const text = raw.trim();
    if (!/^[+-]?\d+$/.test(text)) return bad(`a whole number from ${min} to ${max}`);
    const n = Number(text);
    return n >= min && n <= max ? ok(n) : bad(`a whole number from ${min} to ${max}`);
  };

const parsePort = parseInteger(0, 65535);

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0', '']);
export const parseBoolean: Parser<boolean> = (raw) => {
  const text = raw.trim().toLowerCase();
  if (TRUE.has(text)) return ok(true);
  if (FALSE.has(text)) return ok(false);
  return bad('a boolean: true/false, yes/no, 1/0');
};

const parseOptionalString: Parser<string | null> = (raw) => ok(raw.trim() === '' ? null : raw.trim());
const parseNonEmpty: Parser<string> = (raw) => (raw.trim() ? ok(raw.trim()) : bad('a non-empty value'));

export const parseCsv: Parser<string[]> = (raw) =>
  ok(
    raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

const parseRegexCsv: Parser<string[]> = (raw) => {
  const parts = parseCsv(raw);
  if (!parts.ok) return parts;
  for (const p of parts.value) {
    try {
      new RegExp(p);
    } catch {
      return bad(`comma-separated regular expressions; ${JSON.stringify(p)} does not compile`);
    }
  }
  return parts;
};

const parseOptionalRegex: Parser<string | null> = (raw) => {
  const text = raw.trim();
  if (!text) return ok(null);
  try {
    new RegExp(text);
    return ok(text);
  } catch {
    return bad('a regular expression');
  }
};

const parseRegex: Parser<string> = (raw) => {
  const r = parseOptionalRegex(raw);
  if (!r.ok) return r;
  return r.value === null ? bad('a regular expression') : ok(r.value);
};

/** Accepts `1970-1-1` as the original wrote it, and `1970-01-01`. */
export const parseDate: Parser<string> = (raw) => {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw.trim());
  if (!m) return bad('a date like 2024-01-31');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return bad('a real calendar date like 2024-01-31');
  }
  return ok(`${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
};

/** `localhost:8080` means `http://localhost:8080`, as the original wrote it. */
export const parseHostname: Parser<string> = (raw) => {
  let text = raw.trim();
  if (!text) return bad('a host name or URL like https://flawless.example.com');
  if (!/^https?:\/\//i.test(text)) text = `http://${text}`;
  try {
    const url = new URL(text);
    return ok(`${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`);
  } catch {
    return bad('a host name or URL like https://flawless.example.com');
  }
};

const PYTHON_LEVELS: Record<string, string> = {
  critical: 'fatal',
  fatal: 'fatal',
  error: 'error',
  warning: 'warn',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'trace',
  silent: 'silent',
  notset: 'info',
};
export const parseLogLevel: Parser<string> = (raw) => {
  const level = PYTHON_LEVELS[raw.trim().toLowerCase()];
  return level ? ok(level) : bad('a log level: DEBUG, INFO, WARNING, ERROR, CRITICAL (or trace, warn, fatal, silent)');
};

const parseTimezone: Parser<string> = (raw) => {
  const tz = raw.trim();
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return ok(tz);
  } catch {
    return bad('an IANA time zone like UTC or Europe/Berlin');
  }
};

const parseStorage: Parser<string> = (raw) => {
  const text = raw.trim();
  if (/^sqlite:.+/.test(text) || /^postgres(ql)?:\/\/.+/.test(text)) return ok(text);
  return bad('sqlite:<path> or a postgres:// URL');
};

const parseHostPort: Parser<string | null> = (raw) => {
  const text = raw.trim();
  if (!text) return ok(null);
  return /^[^\s:]+(:\d{1,5})?$/.test(text) ? ok(text) : bad('host:port, like smtp.example.com:587');
};

const parseEmail: Parser<string | null> = (raw) => {
  const text = raw.trim();
  if (!text) return ok(null);
  return /^[^\s@]+@[^\s@]+$/.test(text) ? ok(text) : bad('an email address');
};

const parseNetworks: Parser<string[]> = (raw) => {
  const parts = parseCsv(raw);
  if (!parts.ok) return parts;
  for (const p of parts.value) {
    const problem = networkEntryProblem(p);
    if (problem) return bad(`comma-separated addresses or networks (10.0.0.0/8), or any, or none; ${problem}`);
  }
  if (parts.value.length > 1 && parts.value.some((p) => p === 'any' || p === 'none'))
    return bad('any or none alone, not in a list');
  return parts;
};

const parseRepoType: Parser<string> = (raw) => (raw.trim() === 'git' ? ok('git') : bad('git'));

const parseBindAddress: Parser<string> = (raw) =>
  /^[0-9a-fA-F.:]+$|^localhost$/.test(raw.trim()) ? ok(raw.trim()) : bad('an IP address like 127.0.0.1 or 0.0.0.0');

function def<K extends OptionName>(d: OptionDefinition<K>): OptionDefinition<K> {
  return d;
}

/** Every option, in the order `configure`, `--help` and the docs show them. */
export const OPTION_DEFINITIONS = [
  def({
    key: 'port',
    type: 'port',
    default: 9028,
    parse: parsePort,
    original: true,
    ask: true,
    description: 'Thrift port, for Flawless 0.4 Python clients',
  }),
  def({
    key: 'http_port',
    type: 'port',
    default: 8080,
    parse: parsePort,
    original: true,
    ask: true,
    description: 'Port of the web UI and the JSON API',
  }),
  def({
    key: 'bind_address',
    type: 'address',
    default: '127.0.0.1',
    parse: parseBindAddress,
    ask: true,
    description: 'Address both ports listen on; any non-loopback address requires admin_password',
  }),
  def({
    key: 'hostname',
    type: 'url',
    default: 'http://localhost:8080',
    parse: parseHostname,
    original: true,
    ask: true,
    description:
      'Public base URL of this server, used for links in emails (localhost:8080 means http://localhost:8080)',
  }),
  def({
    key: 'email_domain_name',
    type: 'string',
    default: 'example.com',
    parse: parseNonEmpty,
    original: true,
    ask: true,
    description: 'Domain for developer emails whose VCS domain is bogus or ignored; also the default From domain',
  }),
  def({
    key: 'ignore_vcs_email_domain',
    type: 'boolean',
    default: false,
    parse: parseBoolean,
    original: true,
    ask: true,
    description: 'Always use email_domain_name instead of the domain git reports',
  }),
  def({
    key: 'default_contact',
    type: 'email',
    default: null,
    parse: parseEmail,
    original: true,
    ask: true,
    description:
      'Who hears about problems Flawless cannot assign (unassignable lines, invalid addresses, repository failures)',
  }),
  def({
    key: 'smtp_host',
    type: 'host:port',
    default: null,
    parse: parseHostPort,
    original: true,
    ask: true,
    description: 'SMTP server as host:port; unset, emails are written as .eml files to the outbox under data_dir_path',
  }),
  def({
    key: 'smtp_user',
    type: 'string',
    default: null,
    parse: parseOptionalString,
    original: true,
    ask: true,
    description: 'SMTP user name, when the server needs authentication',
  }),
  def({
    key: 'smtp_password',
    type: 'string',
    default: null,
    parse: parseOptionalString,
    original: true,
    ask: true,
    secret: true,
    description: 'SMTP password',
  }),
  def({
    key: 'smtp_use_tls',
    type: 'boolean',
    default: false,
    parse: parseBoolean,
    ask: true,
    description: 'Require STARTTLS (port 465 always uses implicit TLS)',
  }),
  def({
    key: 'smtp_from',
    type: 'email',
    default: null,
    parse: parseEmail,
    ask: true,
    description: 'From address of emails; default error_report@<email_domain_name>',
  }),
  def({
    key: 'smtp_timeout',
    type: 'seconds',
    default: 30,
    parse: parseInteger(1, 3600),
    description: 'Seconds before an SMTP connection or command gives up',
  }),
  def({
    key: 'data_dir_path',
    type: 'path',
    default: './.flawless',
    parse: parseNonEmpty,
    original: true,
    ask: true,
    description: 'Where state is kept: the SQLite database, the email outbox, the managed repository clone',
  }),
  def({
    key: 'config_dir_path',
    type: 'path',
    default: null,
    parse: parseOptionalString,
    original: true,
    description:
      "Directory of the original's rule files (known_errors, building_blocks, ...); default the config file's directory",
  }),
  def({
    key: 'report_runtime_package_directory_names',
    type: 'csv',
    default: ['site-packages'],
    parse: parseCsv,
    original: true,
    description: 'Directory names after which an absolute frame path is cut to get the repo-relative path',
  }),
  def({
    key: 'report_only_after_minimum_date',
    type: 'date',
    default: '1970-01-01',
    parse: parseDate,
    original: true,
    description: "Don't email about lines last modified before this date",
  }),
  def({
    key: 'report_error_threshold',
    type: 'integer',
    default: 3,
    parse: parseInteger(1, 2147483647),
    original: true,
    description: 'Occurrences of an error before its first email',
  }),
  def({
    key: 'only_blame_filepaths_matching',
    type: 'regex csv',
    default: ['^(?!.*node_modules/)(?!.*\\.egg).*$'],
    parse: parseRegexCsv,
    original: true,
    description: 'Only repo paths matching one of these regular expressions can be blamed',
  }),
  def({
    key: 'max_concurrent_git_blames',
    type: 'integer',
    default: 10,
    parse: parseInteger(1, 256),
    original: true,
    description: 'Most git blame processes at once; the rest wait their turn',
  }),
  def({
    key: 'git_cli_path',
    type: 'path',
    default: 'git',
    parse: parseNonEmpty,
    original: true,
    description: 'The git executable',
  }),
  def({
    key: 'repo_type',
    type: 'string',
    default: 'git',
    parse: parseRepoType,
    original: true,
    description: 'Version control system; only git',
  }),
  def({
    key: 'repo_dir',
    type: 'path',
    default: null,
    parse: parseOptionalString,
    original: true,
    ask: true,
    description: "The repository to blame in; default the current directory's repository",
  }),
  def({
    key: 'repo_url',
    type: 'url',
    default: null,
    parse: parseOptionalString,
    original: true,
    ask: true,
    secret: true,
    description: 'When set, clone the repository into repo_dir when missing and keep it updated',
  }),
  def({
    key: 'repo_branch_pattern',
    type: 'regex',
    default: null,
    parse: parseOptionalRegex,
    original: true,
    ask: true,
    description: 'Regular expression of release branches; work off the newest by natural sort',
  }),
  def({
    key: 'flawless_hostports',
    type: 'csv',
    default: [],
    parse: parseCsv,
    original: true,
    description: 'Client side: host:port of the servers to report to',
  }),
  def({
    key: 'client_timeout',
    type: 'seconds',
    default: 10,
    parse: parseInteger(1, 3600),
    original: true,
    description: 'Client side: seconds before a report send gives up',
  }),
  def({
    key: 'log_level',
    type: 'level',
    default: 'info',
    parse: parseLogLevel,
    original: true,
    description: 'DEBUG, INFO, WARNING, ERROR or CRITICAL (pino names accepted too)',
  }),
  def({
    key: 'log_file',
    type: 'path',
    default: null,
    parse: parseOptionalString,
    original: true,
    description: 'Log to this file, rotated daily; default stderr',
  }),
  def({
    key: 'log_days_to_keep',
    type: 'integer',
    default: 3,
    parse: parseInteger(1, 3650),
    description: 'Rotated log files to keep',
  }),
  def({
    key: 'storage',
    type: 'url',
    default: 'sqlite:flawless.db',
    parse: parseStorage,
    description: 'sqlite:<path> (relative to data_dir_path) or a postgres:// URL',
  }),
  def({
    key: 'admin_password',
    type: 'string',
    default: null,
    parse: parseOptionalString,
    secret: true,
    ask: true,
    description: 'Protects every request that changes state (HTTP Basic, any user name, or the login form)',
  }),
  def({
    key: 'protect_all_pages',
    type: 'boolean',
    default: false,
    parse: parseBoolean,
    description: 'When true, admin_password guards every page and API read too',
  }),
  def({
    key: 'ingest_token',
    type: 'string',
    default: null,
    parse: parseOptionalString,
    secret: true,
    description: 'When set, reports must carry Authorization: Bearer <token>',
  }),
  def({
    key: 'thrift_allow',
    type: 'networks',
    default: [],
    parse: parseNetworks,
    description:
      'Who may connect to the Thrift port (Flawless 0.4 clients cannot send ingest_token): addresses or CIDR networks, comma-separated, or any, or none (no Thrift port). Empty: loopback only; required when bind_address is not loopback',
  }),
  def({
    key: 'max_report_bytes',
    type: 'bytes',
    default: 1048576,
    parse: parseInteger(1024, 1073741824),
    description: 'Largest request body accepted by POST /api/v1/errors',
  }),
  def({
    key: 'timezone',
    type: 'tz',
    default: 'UTC',
    parse: parseTimezone,
    description: 'Time zone in which weeks are cut (a week starts Sunday 00:00)',
  }),
  def({
    key: 'blame_ignore_revs_file',
    type: 'path',
    default: null,
    parse: parseOptionalString,
    description: "Commits to ignore in blame; default the repository's .git-blame-ignore-revs when present",
  }),
  def({
    key: 'blame_ignore_authors',
    type: 'regex',
    default: '\\[bot\\]',
    parse: parseRegex,
    description: 'Commits by authors whose "name <email>" matches are skipped by blame',
  }),
] as const satisfies readonly OptionDefinition[];

/** Options the original had for its own storage: accepted, ignored with a note. */
export const IGNORED_LEGACY_OPTIONS = ['redis_version', 'redis_host', 'redis_port'] as const;

/** The embedded defaults as a Config. */
export function defaultConfig(): Config {
  const out: Record<string, unknown> = {};
  for (const d of OPTION_DEFINITIONS) out[d.key] = d.default;
  return out as unknown as Config;
}

/** The environment variable that overrides an option. */
export function envName(key: OptionName): string {
  return `FLAWLESS_${key.toUpperCase()}`;
}
