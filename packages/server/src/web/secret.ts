import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';

/** The file, in data_dir_path, holding the key that signs sessions and forms. */
export const WEB_SECRET_FILE = 'web-secret';

/**
 * The key that signs session cookies and form tokens, kept in data_dir_path so that
 * restarts and instances sharing the data directory accept each other's sessions and
 * forms. Written whole to a temporary file, then linked into place (which fails when
 * another instance got there first), so nobody ever reads half a key. When the
 * directory cannot hold it, a per-process key is used and the log says so.
 */
export function loadWebSecret(dataDir: string, log: Pick<Logger, 'warn'>): Buffer {
  const path = join(dataDir, WEB_SECRET_FILE);
  try {
    mkdirSync(dataDir, { recursive: true });
    const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temp, randomBytes(32).toString('base64'), { mode: 0o600 });
    try {
      linkSync(temp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(temp, { force: true });
    }
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length >= 32) return key;
    log.warn({ path }, 'web secret file is too short: using a per-process key');
  } catch (err) {
    log.warn({ err, path }, 'cannot keep the web secret: sessions and open forms will not survive a restart');
  }
  return randomBytes(32);
}
