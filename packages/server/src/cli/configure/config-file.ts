/**
 * Reading the file `configure` is about to replace, and writing the new one: an INI
 * `[flawless]` section with only the values that differ from the defaults, a comment per
 * option, and everything else of an existing file (other sections, options `configure`
 * does not ask about, unknown options) kept as it was.
 */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { IGNORED_LEGACY_OPTIONS, OPTION_DEFINITIONS, type OptionDefinition } from '../../config/definitions';
import { CONFIG_SECTION } from '../../config/load';
import { VERSION } from '../../version';
import { showDefault } from '../options-help';
import type { Values } from './interview';

const SECTION_HEADER = /^\[([^\]]+)\]/;
// The ini reader's option line: the key ends at the first ':' or '='.
const OPTION_LINE = /^([^:=\s][^:=]*?)\s*[:=]\s*(.*)$/;

export interface ExistingFile {
  text: string;
  /** Typed values of the [flawless] options that parse (the others are reported in `problems`). */
  values: Values;
  /** Raw text of every option line in [flawless], by lower-cased key, in file order. */
  raw: Map<string, string>;
  /** Values that do not parse: they are asked again or must be fixed. */
  problems: string[];
}

const LEGACY: ReadonlySet<string> = new Set(IGNORED_LEGACY_OPTIONS);
const DEFINITIONS: ReadonlyMap<string, OptionDefinition> = new Map(OPTION_DEFINITIONS.map((d) => [d.key, d]));

/** Lines of `text` split into the part before the first section and each section (header line first). */
function splitSections(text: string): { preamble: string[]; sections: { name: string; lines: string[] }[] } {
  const preamble: string[] = [];
  const sections: { name: string; lines: string[] }[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const header = SECTION_HEADER.exec(line);
    if (header) sections.push({ name: header[1]!, lines: [line] });
    else (sections[sections.length - 1]?.lines ?? preamble).push(line);
  }
  return { preamble, sections };
}

/** Reads the [flawless] options of an existing file; null when there is no file. */
export function readExisting(path: string): ExistingFile | null {
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  const raw = new Map<string, string>();
  const values: Values = {};
  const problems: string[] = [];
  const own = splitSections(text).sections.find((s) => s.name === CONFIG_SECTION);
  for (const line of own?.lines.slice(1) ?? []) {
    if (/^\s/.test(line) || /^[#;]/.test(line.trim())) continue;
    const m = OPTION_LINE.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!
      .replace(/\s;.*$/, '')
      .trim()
      .replace(/%%/g, '%');
    raw.set(key, m[2]!);
    const d = DEFINITIONS.get(key);
    if (!d) continue;
    const parsed = d.parse(value);
    if (parsed.ok) values[d.key] = parsed.value;
    else
      problems.push(
        `${key} = ${d.secret ? '********' : JSON.stringify(value)} in ${path}: expected ${parsed.expected}`,
      );
  }
  return { text, values, raw, problems };
}

/** An option's value as INI text (`%` doubled: the reader interpolates `%(name)s`). */
export function iniValue(value: unknown): string {
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'boolean' ? String(value) : String(value);
  return text.replace(/%/g, '%%');
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The options the new file sets: chosen values unlike the default, and untouched lines of the old file. */
export function fileEntries(chosen: Values, existing: ExistingFile | null): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  for (const d of OPTION_DEFINITIONS) {
    if (d.key in chosen) {
      const value = chosen[d.key];
      if (value !== null && value !== undefined && !same(value, d.default))
        out.push({ key: d.key, text: iniValue(value) });
    } else if (existing?.raw.has(d.key)) {
      out.push({ key: d.key, text: existing.raw.get(d.key)! });
    }
  }
  for (const [key, text] of existing?.raw ?? []) {
    if (!DEFINITIONS.has(key)) out.push({ key, text });
  }
  return out;
}

/** The text of the new file. */
export function renderConfigFile(chosen: Values, existing: ExistingFile | null, today = new Date()): string {
  const section: string[] = [`[${CONFIG_SECTION}]`];
  for (const { key, text } of fileEntries(chosen, existing)) {
    const d = DEFINITIONS.get(key);
    section.push(
      d
        ? `# ${d.description} (default: ${showDefault(d)})`
        : LEGACY.has(key)
          ? "# (configured the original's own storage: accepted and ignored)"
          : '# (not a Flawless option: kept from the previous file)',
    );
    section.push(`${key} = ${text}`, '');
  }
  if (!existing) {
    const header = [
      `# Flawless configuration, written by \`flawless configure\` (Flawless ${VERSION}) on ${today.toISOString().slice(0, 10)}.`,
      '# Options not listed keep their defaults; every option: `flawless start --help` or docs/config.md.',
      '# FLAWLESS_<OPTION> environment variables override the values here.',
      '',
    ];
    return `${[...header, ...section].join('\n').trimEnd()}\n`;
  }
  const { preamble, sections } = splitSections(existing.text);
  const parts = [...preamble];
  let placed = false;
  for (const s of sections) {
    if (s.name === CONFIG_SECTION) {
      if (!placed) parts.push(...section);
      placed = true;
    } else {
      parts.push(...s.lines);
    }
  }
  if (!placed) parts.push('', ...section);
  return `${parts.join('\n').trimEnd()}\n`;
}

/**
 * Writes `text` to `path` through a temporary file in the same directory, which `check`
 * gets to load first (so a file `start` could not load is never put in place). The file is
 * readable by its owner only when it holds a secret.
 */
export function writeConfigFile(path: string, text: string, secret: boolean, check: (tmp: string) => void): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const keptMode = existsSync(path) ? statSync(path).mode & 0o777 : 0o644;
  const mode = secret ? 0o600 : keptMode;
  writeFileSync(tmp, text, { mode });
  try {
    chmodSync(tmp, mode);
    check(tmp);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Whether any secret option ends up set in the file. */
export function holdsSecret(chosen: Values, existing: ExistingFile | null): boolean {
  return [...DEFINITIONS.values()].some(
    (d) => d.secret === true && (d.key in chosen ? chosen[d.key] != null : existing?.raw.has(d.key) === true),
  );
}
