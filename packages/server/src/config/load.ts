/**
 * Loads the configuration once, at boot: the embedded defaults, then the `[flawless]`
 * section of the INI file, then `FLAWLESS_<OPTION>` environment variables (env wins).
 * Every value is parsed by its definition; the first bad one stops the boot with a
 * coded error, and the result is frozen.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FlawlessError } from '../errors';
import { closestName } from '../suggest';
import {
  type Config,
  defaultConfig,
  envName,
  IGNORED_LEGACY_OPTIONS,
  OPTION_DEFINITIONS,
  type OptionDefinition,
  type OptionName,
} from './definitions';
import type { OptionSource } from './format';
import { DEFAULT_SECTION, type IniEntry, parseIni } from './ini';
import { MASK } from './mask';
import { checkCrossOptions, hostnameProblem, type Origins, resolvePaths, valueError } from './validate';

export { formatConfig, type OptionSource } from './format';
export { MASK, maskedConfig, maskUrlCredentials } from './mask';

/** The section of the INI file that holds the options, as in the original. */
export const CONFIG_SECTION = 'flawless';

export interface LoadConfigOptions {
  /** The INI file; relative to `cwd`. Absent or null: defaults and environment only. */
  file?: string | null;
  /** Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** What relative paths are relative to. Default: `process.cwd()`. */
  cwd?: string;
}

export interface LoadedConfig {
  config: Readonly<Config>;
  /** Things probably wrong that did not stop the load (unknown options, a missing section). */
  warnings: string[];
  /** Things worth knowing (legacy options accepted and ignored). */
  notes: string[];
  /** Where each option's value came from. */
  source: Record<OptionName, OptionSource>;
  /** The config file read, absolute; null without one. */
  file: string | null;
}

const DEFINITIONS: ReadonlyMap<string, OptionDefinition> = new Map(OPTION_DEFINITIONS.map((d) => [d.key, d]));
const LEGACY: ReadonlySet<string> = new Set(IGNORED_LEGACY_OPTIONS);

interface FileSection {
  section: Map<string, IniEntry> | null;
  /** Every section name, to hint at a near miss such as [Flawless]. */
  others: string[];
  /** Options [flawless] inherits from [DEFAULT], which may be meant for other sections. */
  inherited: Map<string, IniEntry>;
}

function readSection(file: string): FileSection {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new FlawlessError('FLW_ERR_CONFIG_FILE', [file, reason], { cause: err });
  }
  const doc = parseIni(text, { source: file, interpolate: [CONFIG_SECTION] });
  const inherited = doc.get(DEFAULT_SECTION) ?? new Map();
  return { section: doc.get(CONFIG_SECTION) ?? null, others: [...doc.keys()], inherited };
}

function parseValue(d: OptionDefinition, raw: string, origin: string): unknown {
  const result = d.parse(raw);
  const shown = d.secret ? JSON.stringify(MASK) : JSON.stringify(raw);
  if (!result.ok) throw valueError(d.key, shown, result.expected, origin);
  if (d.key === 'hostname') {
    const problem = hostnameProblem(raw);
    if (problem) throw valueError(d.key, shown, problem, origin);
  }
  return result.value;
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) deepFreeze(v);
  return Object.freeze(value);
}

/**
 * Loads, validates, resolves and freezes the configuration.
 *
 * @throws FlawlessError FLW_ERR_CONFIG_FILE (file unreadable), FLW_ERR_CONFIG_SYNTAX
 *   (not INI; names the line) or FLW_ERR_CONFIG_VALUE (names option, value, what was
 *   expected and the file line or environment variable it came from).
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const file = options.file ? resolve(cwd, options.file) : null;
  const values = defaultConfig() as unknown as Record<OptionName, unknown>;
  const source = {} as Record<OptionName, OptionSource>;
  for (const d of OPTION_DEFINITIONS) source[d.key] = 'default';
  const origins: Origins = {};
  const warnings: string[] = [];
  const notes: string[] = [];

  if (file) {
    const { section, others, inherited } = readSection(file);
    if (!section) {
      const nearly = others.find((s) => s.toLowerCase() === CONFIG_SECTION);
      const hint = nearly ? ` (there is a [${nearly}]: section names are case-sensitive)` : '';
      warnings.push(`${file} has no [${CONFIG_SECTION}] section${hint}; none of its options were read`);
    }
    for (const [key, entry] of section ?? []) {
      const where = `${file}:${entry.line}`;
      const d = DEFINITIONS.get(key);
      if (d) {
        values[d.key] = parseValue(d, entry.value, where);
        source[d.key] = 'file';
        origins[d.key] = where;
      } else if (LEGACY.has(key)) {
        notes.push(`option ${key} (${where}) is accepted and ignored: it configured the original's own storage`);
      } else if (inherited.get(key)?.line !== entry.line) {
        // [DEFAULT] also feeds interpolation and other sections, so only [flawless]'s own keys are checked.
        const guess = closestName(key, DEFINITIONS.keys());
        warnings.push(`unknown option ${key} (${where}) is ignored${guess ? `; did you mean ${guess}?` : ''}`);
      }
    }
  }

  for (const d of OPTION_DEFINITIONS) {
    const name = envName(d.key);
    const raw = env[name];
    if (raw === undefined) continue;
    const where = `environment variable ${name}`;
    values[d.key] = parseValue(d, raw, where);
    source[d.key] = 'env';
    origins[d.key] = where;
  }
  warnings.push(...envTypoWarnings(env));

  const config = values as unknown as Config;
  resolvePaths(config, cwd, file);
  checkCrossOptions(config, origins);
  return { config: deepFreeze(config), warnings, notes, source, file };
}

/** FLAWLESS_* variables are also used by tooling, so only near-misses of option names are flagged. */
function envTypoWarnings(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const name of Object.keys(env)) {
    const key = name.startsWith('FLAWLESS_') ? name.slice('FLAWLESS_'.length).toLowerCase() : null;
    if (key === null || LEGACY.has(key) || (DEFINITIONS.has(key) && name === envName(key as OptionName))) continue;
    // Names are case-sensitive: FLAWLESS_http_port is not read.
    const guess = DEFINITIONS.has(key) ? key : closestName(key, DEFINITIONS.keys());
    if (guess) {
      out.push(
        `environment variable ${name} sets no option and is ignored; did you mean ${envName(guess as OptionName)}?`,
      );
    }
  }
  return out;
}
