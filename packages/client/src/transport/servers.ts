/** The servers a client reports to, each with its own backoff after failures. */

/** The path of the JSON ingest API. */
export const INGEST_PATH = '/api/v1/errors';

/** One server and its failure state. */
export interface ServerState {
  /** Where reports are POSTed. */
  url: URL;
  /** Consecutive failed sends. */
  failures: number;
  /** Not tried again before this time (ms since the epoch). */
  retryAt: number;
}

/**
 * `host:port`, `http://host:port` or `https://host/prefix` to the ingest URL. A bare
 * `host:port` means plain HTTP; a URL without a path gets {@link INGEST_PATH}.
 * Throws on a value that is not a server.
 */
export function parseServer(spec: string): URL {
  const text = spec.trim();
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not an http(s) server: ${spec}`);
  if (url.pathname === '/' || url.pathname === '') url.pathname = INGEST_PATH;
  return url;
}

/**
 * Exponential backoff with jitter: base × 2^(failures-1), at most `maxMs`, then a random
 * point in its upper half so that clients that failed together do not retry together.
 */
export function backoffDelay(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/**
 * The server to send to next: the first ready one after the last used, round robin;
 * `undefined` when all are backing off.
 */
export function pickServer(servers: ServerState[], after: number, now: number): number | undefined {
  for (let i = 1; i <= servers.length; i++) {
    const k = (after + i) % servers.length;
    if (servers[k]!.retryAt <= now) return k;
  }
  return undefined;
}
