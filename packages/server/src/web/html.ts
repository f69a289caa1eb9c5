import { escapeHtml } from '../notify/html';

const SPECIAL = /[&<>"']/;

/** Escapes text for element content and quoted attributes; most text has nothing to escape. */
function escapeText(text: string): string {
  return SPECIAL.test(text) ? escapeHtml(text) : text;
}

/** HTML that is already safe: produced by the `html` template, never from report data. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

function render(value: unknown): string {
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') return String(value);
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) {
    let out = '';
    for (const v of value) out += render(v);
    return out;
  }
  if (value === null || value === undefined || value === false) return '';
  return escapeText(String(value));
}

/**
 * Tagged template that escapes every interpolated value unless it is itself SafeHtml.
 * Report data (attacker-controlled) can only reach a page through it.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/**
 * Formats a count with thousands separators (`12,345`). Plain string work: the
 * leaderboard formats thousands of counts, and toLocaleString builds a formatter each call.
 */
export function formatCount(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) out = (i > 3 ? ',' : '') + digits.slice(Math.max(0, i - 3), i) + out;
  return n < 0 ? `-${out}` : out;
}

/** Formats an epoch-ms instant as `YYYY-MM-DD HH:MM:SS UTC`. */
export function formatTime(epochMs: number | null): string {
  if (epochMs === null) return '';
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
