import type { CodeRule } from '../rules/types';
import type { ErrorRecord } from '../store/types';
import type { NotifySettings } from './settings';

/** Whether a record's change calls for a developer email, and why (for logs and tests). */
export interface EmailDecision {
  send: boolean;
  reason: string;
}

export interface DecideInput {
  record: ErrorRecord;
  /** The count before this change. */
  previousCount: number;
  /** The known-error rule matching the blamed line, or null for an unknown error. */
  knownError: CodeRule | null;
  settings: Pick<NotifySettings, 'threshold' | 'minimumDate'>;
}

const yes = (reason: string): EmailDecision => ({ send: true, reason });
const no = (reason: string): EmailDecision => ({ send: false, reason });

/** The UTC calendar date of an ISO time, or null when it does not parse. */
function utcDay(iso: string): string | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}

function decideKnown(record: ErrorRecord, previousCount: number, rule: CodeRule, threshold: number): EmailDecision {
  const min = rule.min_alert_threshold;
  const max = rule.max_alert_threshold;
  const every = rule.alert_every_n_occurrences;
  const count = record.count;
  if (min === null && max === null && every === null) return no('known error without alert rules (whitelisted)');
  if (max !== null && count > max) return no(`known error above max_alert_threshold ${max}`);
  if (min !== null && count < min) return no(`known error below min_alert_threshold ${min}`);
  if (!record.email_sent) {
    if (min !== null) return yes(`known error reached min_alert_threshold ${min}`);
    // Only a maximum: the error is mailed like an unknown one until it passes the maximum.
    if (every === null) {
      return count >= threshold ? yes(`known error reached the threshold ${threshold}`) : no('below the threshold');
    }
  }
  // Counts arrive in steps (client thinning, a blame finishing late): a step over a
  // multiple of N mails once, however many multiples it jumped.
  if (every !== null && every > 0 && Math.floor(count / every) > Math.floor(previousCount / every)) {
    return yes(`known error crossed a multiple of ${every}`);
  }
  return no('known error: no alert rule fires at this count');
}

/**
 * Decides whether a record's change mails its developer (the original's rules):
 * - not blamed yet, or nobody to blame → no;
 * - unknown error → once, when count ≥ (the report's error_threshold ?? report_error_threshold)
 *   and the line's last change (its UTC day) is not before report_only_after_minimum_date;
 * - known error → `min_alert_threshold` (first email), `alert_every_n_occurrences`
 *   (each time the count crosses a multiple), `max_alert_threshold` (silence above it);
 *   with none of the three set it is only whitelisted and never mailed.
 */
export function decideEmail({ record, previousCount, knownError, settings }: DecideInput): EmailDecision {
  if (record.blame_state !== 'done') return no(`blame is ${record.blame_state}`);
  if (!record.developer_email) return no('nobody is blamed');
  const threshold = record.error_threshold ?? settings.threshold;
  if (knownError) return decideKnown(record, previousCount, knownError, threshold);
  if (record.email_sent) return no('already emailed this week');
  if (record.count < threshold) return no(`count ${record.count} is below the threshold ${threshold}`);
  const day = record.line_date === null ? null : utcDay(record.line_date);
  // An unknown date is not a reason to stay silent: only a known old line is.
  if (day !== null && day < settings.minimumDate) {
    return no(`line last changed ${day}, before the minimum date ${settings.minimumDate}`);
  }
  return yes(`count ${record.count} reached the threshold ${threshold}`);
}
