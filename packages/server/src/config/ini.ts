/**
 * A reader for the INI dialect of Python's ConfigParser, the format of the original
 * `flawless.cfg`. It follows the Python 2 `SafeConfigParser` the original used, so a
 * file that loaded there means the same here.
 */
import { FlawlessError } from '../errors';

/** One option's text and the line where its key stands (1-based). */
export interface IniEntry {
  value: string;
  line: number;
}

/** Sections in file order; keys lower-cased, as ConfigParser's `optionxform` does. */
export type IniDocument = Map<string, Map<string, IniEntry>>;

export interface ParseIniOptions {
  /** Names the text in error messages (usually the file path). */
  source?: string;
  /**
   * Which sections get `%` interpolation. Python interpolates only the options a
   * program reads, so a `[logging]` section full of `%(asctime)s` never failed there;
   * callers that read one section should name it. Default: every section.
   */
  interpolate?: boolean | readonly string[];
}

/** Python's name for the section whose options every other section inherits. */
export const DEFAULT_SECTION = 'DEFAULT';

const SECTION = /^\[([^\]]+)\]/;
// Python's OPTCRE: the key can't start with a delimiter or blank, the first : or = splits.
const OPTION = /^([^:=\s][^:=]*?)\s*[:=]\s*(.*)$/;
// Python's interpolation stops at this depth, which also catches `a = %(a)s` loops.
const MAX_DEPTH = 10;

function syntaxError(source: string, line: number, message: string): FlawlessError {
  return new FlawlessError('FLW_ERR_CONFIG_SYNTAX', [source, line, message], { detail: { file: source, line } });
}

/** Python 2 cuts an option's value at its first `;` when a blank precedes it (an inline comment). */
function stripInlineComment(value: string): string {
  const at = value.indexOf(';');
  return (at > 0 && /\s/.test(value[at - 1]!) ? value.slice(0, at) : value).trimEnd();
}

/**
 * Parses INI text: `[section]` headers, `key = value` or `key: value`, full-line
 * comments (`#` or `;`), indented continuation lines (joined with `\n`), CRLF or LF,
 * an optional BOM, and `%%` / `%(name)s` interpolation within a section (and
 * `[DEFAULT]`, whose options every section inherits).
 *
 * @throws FlawlessError FLW_ERR_CONFIG_SYNTAX naming the line of the first problem.
 */
export function parseIni(text: string, options: ParseIniOptions = {}): IniDocument {
  const source = options.source ?? '<text>';
  const doc: IniDocument = new Map();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let section: Map<string, IniEntry> | null = null;
  let last: IniEntry | null = null;

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    if (/^\s/.test(raw)) {
      if (!last) throw syntaxError(source, lineNo, `indented line continues no option: ${JSON.stringify(trimmed)}`);
      last.value = `${last.value}\n${trimmed}`;
      return;
    }
    const header = SECTION.exec(raw);
    if (header) {
      const name = header[1]!;
      section = doc.get(name) ?? new Map();
      doc.set(name, section);
      last = null;
      return;
    }
    const option = OPTION.exec(raw);
    if (!option) throw syntaxError(source, lineNo, `expected "[section]" or "key = value", got ${JSON.stringify(raw)}`);
    if (!section) throw syntaxError(source, lineNo, 'an option before the first [section] header');
    let value = stripInlineComment(option[2]!);
    if (value === '""') value = '';
    last = { value, line: lineNo };
    section.set(option[1]!.toLowerCase(), last);
  });

  inheritDefaults(doc);
  const wanted = options.interpolate ?? true;
  if (wanted !== false) {
    for (const [name, entries] of doc) {
      if (wanted === true || wanted.includes(name)) interpolateSection(entries, source);
    }
  }
  return doc;
}

function inheritDefaults(doc: IniDocument): void {
  const defaults = doc.get(DEFAULT_SECTION);
  if (!defaults) return;
  for (const [name, entries] of doc) {
    if (name === DEFAULT_SECTION) continue;
    for (const [key, entry] of defaults) if (!entries.has(key)) entries.set(key, { ...entry });
  }
}

function interpolateSection(entries: Map<string, IniEntry>, source: string): void {
  const raw = new Map([...entries].map(([k, e]) => [k, e.value]));
  const expand = (value: string, line: number, depth: number): string => {
    if (depth > MAX_DEPTH) throw syntaxError(source, line, 'interpolation nested too deeply (a reference loop?)');
    return value.replace(/%(%|\(([^)]*)\)s|.?)/gs, (whole, what: string, name: string | undefined) => {
      if (what === '%') return '%';
      if (name === undefined) {
        throw syntaxError(source, line, `a lone "%" (${JSON.stringify(whole)}): write "%%" for a percent sign`);
      }
      const target = raw.get(name.toLowerCase());
      if (target === undefined) throw syntaxError(source, line, `"%(${name})s" names no option of this section`);
      return expand(target, line, depth + 1);
    });
  };
  for (const entry of entries.values()) entry.value = expand(entry.value, entry.line, 1);
}
