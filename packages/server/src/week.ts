/**
 * Weeks are the unit of counting: a week starts on Sunday 00:00 in the server's time
 * zone, and is named by that Sunday's date (YYYY-MM-DD).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl formatter costs far more than using one: one per (purpose, zone). */
function cachedFormatter(purpose: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${purpose} ${timeZone}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, ...options });
    formatters.set(id, f);
  }
  return f;
}

const formatter = (timeZone: string) =>
  cachedFormatter('date', timeZone, { year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' });

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The local calendar date of an instant in a time zone. */
function localDate(epochMs: number, timeZone: string): { year: number; month: number; day: number; weekday: number } {
  const parts = formatter(timeZone).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: WEEKDAYS[get('weekday')] ?? 0,
  };
}

function isoDate(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.toISOString().slice(0, 10);
}

// Ingest asks for the week of "now" thousands of times a second; within one minute the
// answer cannot change (no time zone shifts by less than a minute), so it is cached.
let cacheMinute = -1;
let cacheZone = '';
let cacheWeek = '';

/** The week (its Sunday, YYYY-MM-DD) an instant falls in. */
export function weekOf(epochMs: number, timeZone: string): string {
  const minute = Math.floor(epochMs / 60000);
  if (minute === cacheMinute && timeZone === cacheZone) return cacheWeek;
  const { year, month, day, weekday } = localDate(epochMs, timeZone);
  const week = isoDate(year, month, day - weekday);
  cacheMinute = minute;
  cacheZone = timeZone;
  cacheWeek = week;
  return week;
}

/** The week `offset` weeks after `week`. */
export function shiftWeek(week: string, offset: number): string {
  const [y, m, d] = week.split('-').map(Number) as [number, number, number];
  return isoDate(y, m, d + offset * 7);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const f = cachedFormatter('instant', timeZone, {
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(epochMs)) p[part.type] = Number(part.value);
  const wall = Date.UTC(
    p['year'] ?? 1970,
    (p['month'] ?? 1) - 1,
    p['day'] ?? 1,
    p['hour'] ?? 0,
    p['minute'] ?? 0,
    p['second'] ?? 0,
  );
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/** The instant a week starts (its Sunday 00:00 in the zone), epoch seconds: the integer `timestamp` of web links. */
export function weekStartEpochSeconds(week: string, timeZone: string): number {
  const [y, m, d] = week.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let guess = wall;
  // Two rounds settle the offset even when the guess first lands across a DST change.
  for (let i = 0; i < 2; i++) guess = wall - zoneOffsetMs(guess, timeZone);
  return Math.floor(guess / 1000);
}
