import type { ErrorRecord } from '../store/types';

/**
 * Links into the web UI, on the original's paths so old emails keep working. Timestamps
 * are whole epoch seconds: the original sent a float its own page could not parse.
 */

/** The id of a developer's section on the weekly report page, shared with the web UI. */
export function developerAnchor(email: string): string {
  return `dev-${encodeURIComponent(email)}`;
}

/** Whole epoch seconds inside the record's week (its last occurrence). */
export function recordTimestamp(record: Pick<ErrorRecord, 'last_seen'>): number {
  return Math.floor(record.last_seen / 1000);
}

/** "View most recent occurrence". */
export function viewTracebackUrl(base: string, record: Pick<ErrorRecord, 'key' | 'last_seen'>): string {
  const query = new URLSearchParams({
    filename: record.key.filename,
    function_name: record.key.function_name,
    line_number: String(record.key.line_number),
    text: record.key.text,
    timestamp: String(recordTimestamp(record)),
  });
  return `${base}/view_traceback?${query}`;
}

/** "View all errors assigned to you": the weekly report, scrolled to the developer. */
export function weeklyReportUrl(
  base: string,
  record: Pick<ErrorRecord, 'last_seen'>,
  developer: string | null,
): string {
  const query = new URLSearchParams({ timestamp: String(recordTimestamp(record)) });
  return `${base}/get_weekly_error_report?${query}${developer ? `#${developerAnchor(developer)}` : ''}`;
}

/** "Add to whitelist": the known-error form, prefilled with the blamed line. */
export function addKnownErrorUrl(base: string, record: Pick<ErrorRecord, 'key'>): string {
  const query = new URLSearchParams({
    filename: record.key.filename,
    function_name: record.key.function_name,
    code_fragment: record.key.text,
  });
  return `${base}/add_known_error?${query}`;
}
