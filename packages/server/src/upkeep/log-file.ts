/**
 * A log file rotated at local midnight, as the original's `TimedRotatingFileHandler` did:
 * lines always go to `log_file` itself (so `tail -f` keeps working), yesterday's lines move
 * to `log_file.YYYY-MM-DD`, and only the newest `keep` of those stay.
 *
 * pino-roll was the other candidate; it never writes to the configured path (it appends a
 * date and a counter to every file name), which breaks the original's layout.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import pino from 'pino';

/** The stream pino writes to (a SonicBoom). */
export type LogDestination = ReturnType<typeof pino.destination>;

export interface DailyLogFileOptions {
  /** The file lines are written to. */
  file: string;
  /** How many rotated files to keep (log_days_to_keep). */
  keep: number;
  /** Clock (tests move it). Default: the real time. */
  now?: () => Date;
}

export interface DailyLogFile {
  stream: LogDestination;
  /** Rotates when the day changed since the file was started; called by the midnight timer. */
  rotateIfDue(): void;
  /** Closes the file (every line is already written). */
  close(): void;
}

const ROTATED_SUFFIX = /^\.(\d{4}-\d{2}-\d{2})(?:\.(\d+))?$/;

/** The local calendar day of `date` as YYYY-MM-DD. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function msUntilNextMidnight(now: Date): number {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 0, 50);
  return Math.max(1000, next.getTime() - now.getTime());
}

/** Moves `file` aside as `file.<day>` (with a counter if that name is taken). */
function moveAside(file: string, day: string): void {
  let target = `${file}.${day}`;
  for (let n = 1; existsSync(target); n++) target = `${file}.${day}.${n}`;
  renameSync(file, target);
}

/** The rotated siblings of `file`, newest first. */
export function rotatedFiles(file: string): string[] {
  const dir = dirname(file);
  const base = basename(file);
  const found: { name: string; day: string; n: number }[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${base}.`)) continue;
    const m = ROTATED_SUFFIX.exec(name.slice(base.length));
    if (m) found.push({ name, day: m[1]!, n: Number(m[2] ?? 0) });
  }
  found.sort((a, b) => (a.day === b.day ? b.n - a.n : a.day < b.day ? 1 : -1));
  return found.map((f) => join(dir, f.name));
}

function prune(file: string, keep: number): void {
  for (const old of rotatedFiles(file).slice(keep)) {
    try {
      unlinkSync(old);
    } catch {
      // Already gone (another process pruned it): nothing to do.
    }
  }
}

/**
 * Opens `file` for logging with daily rotation. A file left from an earlier day (the
 * server was down over midnight) is rotated first, by its modification time.
 */
export function openDailyLogFile(options: DailyLogFileOptions): DailyLogFile {
  const { file, keep } = options;
  const now = options.now ?? (() => new Date());
  mkdirSync(dirname(file), { recursive: true });
  const today = localDay(now());
  if (existsSync(file)) {
    const writtenOn = localDay(statSync(file).mtime);
    if (writtenOn < today) moveAside(file, writtenOn);
  }
  prune(file, keep);

  // Synchronous writes: a few lines a minute do not need a buffer, and a buffer would lose
  // the last lines of a crash (and cannot be flushed before the file is open).
  const stream = pino.destination({ dest: file, mkdir: true, sync: true });
  let day = today;

  let timer: NodeJS.Timeout | null = null;

  const rotateIfDue = (): void => {
    const current = localDay(now());
    if (current === day) return;
    try {
      if (existsSync(file)) moveAside(file, day);
      stream.reopen();
      prune(file, keep);
    } catch (err) {
      // Logging must not stop the server; the next midnight tries again.
      process.stderr.write(`flawless: cannot rotate the log file ${file}: ${(err as Error).message}\n`);
    }
    day = current;
  };

  const arm = (): void => {
    timer = setTimeout(() => {
      rotateIfDue();
      arm();
    }, msUntilNextMidnight(now()));
    timer.unref();
  };
  arm();

  return {
    stream,
    rotateIfDue,
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      stream.end();
    },
  };
}
