/**
 * Checks that need more than one option's text, and the resolution of paths,
 * applied once every source has spoken.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { FlawlessError } from '../errors';
import type { Config, OptionName } from './definitions';
import { MASK } from './mask';

/** Where each option that did not keep its default was set, for error messages. */
export type Origins = Partial<Record<OptionName, string>>;

/** A FLW_ERR_CONFIG_VALUE naming the option, its value, what was expected and where it was set. */
export function valueError(option: string, shown: string, expected: string, origin: string | undefined): FlawlessError {
  const where = origin ?? 'the built-in default';
  return new FlawlessError('FLW_ERR_CONFIG_VALUE', [option, shown, `${expected} (from ${where})`], {
    detail: { option, value: shown, expected, origin: where },
  });
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

/**
 * What a `hostname` must be beyond parsing as a URL: links in emails are built on it,
 * so it may not carry credentials, a query or a fragment, and its host must be a
 * real name or address. Returns what was expected, or null when the text is fine.
 */
export function hostnameProblem(raw: string): string | null {
  const text = raw.trim();
  const expected = 'a host name or URL like https://flawless.example.com';
  if (/\s/.test(text)) return `${expected}, without blanks`;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return expected;
  }
  if (url.username || url.password) return `${expected}, without user name or password (links are mailed out)`;
  if (url.search || url.hash || /[?#]/.test(text)) return `${expected}, without ?query or #fragment`;
  const host = url.hostname;
  if (host.startsWith('[')) return null;
  if (!host.split('.').every((label) => LABEL.test(label)))
    return `${expected}; ${JSON.stringify(host)} is no host name`;
  return null;
}

/**
 * Makes the path options absolute: data_dir_path, log_file, repo_dir and
 * blame_ignore_revs_file against `cwd`; config_dir_path against `cwd`, defaulting to
 * the config file's directory. A git_cli_path with a directory part is made absolute
 * too, because git runs with repo_dir as its working directory.
 */
export function resolvePaths(config: Config, cwd: string, file: string | null): void {
  const fromCwd = (p: string | null) => (p === null ? null : resolve(cwd, p));
  config.data_dir_path = resolve(cwd, config.data_dir_path);
  config.config_dir_path = fromCwd(config.config_dir_path) ?? (file ? dirname(file) : null);
  config.log_file = fromCwd(config.log_file);
  config.repo_dir = fromCwd(config.repo_dir);
  config.blame_ignore_revs_file = fromCwd(config.blame_ignore_revs_file);
  if (/[/\\]/.test(config.git_cli_path) && !isAbsolute(config.git_cli_path)) {
    config.git_cli_path = resolve(cwd, config.git_cli_path);
  }
  // A clone has to go somewhere of its own; the current directory is someone's checkout.
  if (config.repo_url !== null && config.repo_dir === null) config.repo_dir = resolve(config.data_dir_path, 'repo');
}

/** @throws FlawlessError FLW_ERR_CONFIG_VALUE when options that go together disagree. */
export function checkCrossOptions(config: Readonly<Config>, origins: Origins): void {
  if (config.smtp_user !== null && config.smtp_password === null) {
    throw valueError(
      'smtp_user',
      JSON.stringify(config.smtp_user),
      'smtp_password to be set too: an SMTP login needs both',
      origins.smtp_user,
    );
  }
  if (config.smtp_password !== null && config.smtp_user === null) {
    throw valueError(
      'smtp_password',
      JSON.stringify(MASK),
      'smtp_user to be set too: an SMTP login needs both',
      origins.smtp_password,
    );
  }
}
