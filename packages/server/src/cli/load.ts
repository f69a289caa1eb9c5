import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../config/definitions';
import { loadConfig } from '../config/load';
import { FlawlessError } from '../errors';

/** Exit code of a configuration problem, before anything starts. */
export const EXIT_CONFIG = 2;

/** `--conf PATH`, else ./flawless.cfg when present, else null (embedded defaults). */
export function configFilePath(conf: string | undefined): string | null {
  return conf ? resolve(conf) : existsSync('flawless.cfg') ? resolve('flawless.cfg') : null;
}

/**
 * Loads the config for a command: `--conf PATH`, else ./flawless.cfg when present, else
 * the embedded defaults. On a bad config prints the coded error and exits 2.
 */
export function loadConfigOrExit(conf: string | undefined): { config: Readonly<Config>; file: string | null } {
  const file = configFilePath(conf);
  try {
    const { config, warnings, notes } = loadConfig({ file, env: process.env, cwd: process.cwd() });
    for (const w of warnings) console.warn(`flawless: warning: ${w}`);
    for (const n of notes) console.warn(`flawless: note: ${n}`);
    return { config, file };
  } catch (err) {
    if (err instanceof FlawlessError) {
      console.error(`flawless: ${err.code}: ${err.message}`);
      process.exit(EXIT_CONFIG);
    }
    throw err;
  }
}
