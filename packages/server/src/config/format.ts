import type { Config, OptionName } from './definitions';
import { maskedConfig } from './mask';

/** Where an option's value came from. */
export type OptionSource = 'default' | 'file' | 'env';

// Long values (regular expressions, URLs) would push every origin far right.
const MAX_ALIGN = 60;

function render(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(render).join(',');
  return String(value).replace(/\n/g, '\\n');
}

/**
 * The configuration as text for `flawless check-config`: one
 * `option = value   (file|env|default)` line per option, secrets masked.
 */
export function formatConfig(config: Readonly<Config>, source: Readonly<Record<OptionName, OptionSource>>): string {
  const masked = maskedConfig(config);
  const rows = Object.entries(masked).map(([key, value]) => ({
    left: `${key} = ${render(value)}`,
    origin: source[key as OptionName],
  }));
  const width = Math.min(MAX_ALIGN, Math.max(...rows.map((r) => r.left.length)));
  return rows.map((r) => `${r.left.padEnd(width)}   (${r.origin})\n`).join('');
}
