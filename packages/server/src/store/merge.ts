import type { Occurrence } from './types';

/** The occurrences of one batch for one (week, key), added up. */
export interface MergedOccurrence {
  /** The batch's last occurrence of this error: its report is the one stored. */
  item: Occurrence;
  count: number;
  /** Epoch ms of the earliest and the latest occurrence. */
  first: number;
  last: number;
}

/**
 * Collapses a batch per error, so a store writes one row per error and not one per
 * report; occurrences `isDuplicate` rejects (a report_id seen before) are left out and
 * counted. Keys of the result are `week NUL keyId`, in first-seen order.
 */
export function mergeBatch(
  items: readonly Occurrence[],
  isDuplicate: (reportId: string) => boolean,
): { merged: Map<string, MergedOccurrence>; duplicates: number } {
  const merged = new Map<string, MergedOccurrence>();
  let duplicates = 0;
  for (const item of items) {
    const rid = item.report.report_id;
    if (rid !== undefined && isDuplicate(rid)) {
      duplicates++;
      continue;
    }
    const id = `${item.week}\u0000${item.keyId}`;
    const m = merged.get(id);
    if (m) {
      m.count += item.count;
      m.item = item;
      m.first = Math.min(m.first, item.at);
      m.last = Math.max(m.last, item.at);
    } else merged.set(id, { item, count: item.count, first: item.at, last: item.at });
  }
  return { merged, duplicates };
}
