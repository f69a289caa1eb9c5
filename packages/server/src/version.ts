import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The server package's version (read once from its package.json). */
export const VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).version as string;
  } catch {
    return '0.0.0';
  }
})();
