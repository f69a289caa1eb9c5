import type { Config } from '../config/definitions';
import { shiftWeek, weekOf, weekStartEpochSeconds } from '../week';

/** Query-string booleans as the original's links wrote them (True/true/1/yes/on). */
export function flag(value: unknown): boolean {
  return typeof value === 'string' && /^(1|true|yes|on)$/i.test(value.trim());
}

/**
 * The week a `timestamp` (epoch seconds; floats from old links are floored) falls in,
 * or the current week.
 */
export function weekFromTimestamp(value: unknown, config: Pick<Config, 'timezone'>, now = Date.now()): string {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  const ms = Number.isFinite(n) ? Math.floor(n) * 1000 : now;
  return weekOf(ms, config.timezone);
}

/** Link timestamps of a week and its neighbours; no "next" for the current week. */
export function weekTimestamps(week: string, timezone: string, now = Date.now()) {
  const current = weekOf(now, timezone);
  return {
    timestamp: weekStartEpochSeconds(week, timezone),
    prevTimestamp: weekStartEpochSeconds(shiftWeek(week, -1), timezone),
    nextTimestamp: week >= current ? null : weekStartEpochSeconds(shiftWeek(week, 1), timezone),
  };
}
