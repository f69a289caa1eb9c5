import pino, { type Logger } from 'pino';
import type { Config } from '../config/definitions';
import { MASK } from '../config/mask';
import { type DailyLogFile, openDailyLogFile } from './log-file';
import { readableDestination } from './readable-lines';

export interface LogSetup {
  log: Logger;
  /** Where the lines go, for the start banner: "stderr" or the file and its rotation. */
  target: string;
  /** Flushes buffered lines and closes the file. */
  close(): void;
}

/**
 * Field names whose values never reach a log line. Nothing logs them on purpose; this
 * catches an object logged whole by mistake (a config, request headers).
 */
export const REDACTED_PATHS = [
  'password',
  'smtp_password',
  'admin_password',
  'ingest_token',
  'authorization',
  'cookie',
  '*.password',
  '*.smtp_password',
  '*.admin_password',
  '*.ingest_token',
  '*.authorization',
  '*.cookie',
];

/**
 * The server's logger from log_level, log_file and log_days_to_keep: JSON lines (pino)
 * to log_file rotated daily keeping log_days_to_keep old files, or to stderr (readable
 * lines when stderr is a terminal).
 */
export function createLogger(
  config: Pick<Config, 'log_level' | 'log_file' | 'log_days_to_keep'>,
  options: { now?: () => Date; readable?: boolean } = {},
): LogSetup {
  const pinoOptions = {
    level: config.log_level,
    redact: { paths: REDACTED_PATHS, censor: MASK },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (!config.log_file) {
    // A person at a terminal gets readable lines; a pipe (a service manager, a collector) gets JSON.
    const readable = options.readable ?? process.stderr.isTTY === true;
    const log = pino(pinoOptions, readable ? readableDestination(process.stderr) : pino.destination(2));
    return { log, target: `stderr (level ${config.log_level})`, close: () => {} };
  }
  const file: DailyLogFile = openDailyLogFile({
    file: config.log_file,
    keep: config.log_days_to_keep,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    log: pino(pinoOptions, file.stream),
    target: `${config.log_file} (level ${config.log_level}, rotated daily, ${config.log_days_to_keep} kept)`,
    close: () => file.close(),
  };
}
