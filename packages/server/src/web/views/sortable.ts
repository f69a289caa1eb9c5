import { html, type SafeHtml } from '../html';

export type SortDir = 'asc' | 'desc';

/** A table's sort order, read from the `sort` and `dir` query parameters. */
export interface SortState<K extends string> {
  key: K;
  dir: SortDir;
}

/**
 * The sort a query asks for; an unknown column falls back to the default, a missing or
 * unknown direction to the column's natural one (numbers and dates high first).
 */
export function parseSort<K extends string>(
  query: { sort?: unknown; dir?: unknown },
  naturalDirs: Readonly<Record<K, SortDir>>,
  fallback: K,
): SortState<K> {
  const key = typeof query.sort === 'string' && Object.hasOwn(naturalDirs, query.sort) ? (query.sort as K) : fallback;
  const dir = query.dir === 'asc' || query.dir === 'desc' ? query.dir : naturalDirs[key];
  return { key, dir };
}

/**
 * A column header that sorts by its column: a plain link (no script), toggling the
 * direction when the column is already the sort key.
 */
export function sortHeader<K extends string>(
  label: string,
  key: K,
  state: SortState<K>,
  naturalDirs: Readonly<Record<K, SortDir>>,
  href: (key: K, dir: SortDir) => string,
  className = '',
): SafeHtml {
  const active = state.key === key;
  const next: SortDir = active ? (state.dir === 'asc' ? 'desc' : 'asc') : naturalDirs[key];
  const ariaSort = active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  const arrow = active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : '';
  return html`<th class="${className}" aria-sort="${ariaSort}"><a href="${href(key, next)}">${label}${arrow}</a></th>`;
}

/** Compares two values of one column: numbers and strings, null last in ascending order. */
export function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
