import type { ErrorRecord, ErrorSummary } from '../store/types';
import type { WebContext } from './context';
import { flag, weekFromTimestamp } from './params';

export type Query = Record<string, string | string[] | undefined>;

/** One query parameter as text: the first of repeated ones, undefined when absent. */
export function param(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
}

export interface WeeklyRead {
  week: string;
  includeKnownErrors: boolean;
  includeOld: boolean;
  errors: ErrorSummary[];
}

/** The week's errors as the leaderboard and /api/v1/weekly read them from a query string. */
export async function readWeekly(ctx: Pick<WebContext, 'store' | 'config' | 'now'>, q: Query): Promise<WeeklyRead> {
  const week = weekFromTimestamp(param(q, 'timestamp'), ctx.config, ctx.now());
  const includeKnownErrors = flag(param(q, 'include_known_errors'));
  const includeOld = flag(param(q, 'include_modified_before_min_date'));
  const errors = await ctx.store.weeklyErrors({
    week,
    includeKnownErrors,
    minimumDate: includeOld ? null : ctx.config.report_only_after_minimum_date,
  });
  return { week, includeKnownErrors, includeOld, errors };
}

/** One error from the original's traceback link parameters, in the week of `timestamp`. */
export async function findError(
  ctx: Pick<WebContext, 'store' | 'config' | 'now'>,
  q: Query,
): Promise<{ week: string; record: ErrorRecord | null }> {
  const week = weekFromTimestamp(param(q, 'timestamp'), ctx.config, ctx.now());
  const line = Number(param(q, 'line_number'));
  if (!Number.isInteger(line)) return { week, record: null };
  const record = await ctx.store.getError(week, {
    filename: param(q, 'filename') ?? '',
    function_name: param(q, 'function_name') ?? '',
    line_number: line,
    text: (param(q, 'text') ?? '').trim(),
  });
  return { week, record };
}
