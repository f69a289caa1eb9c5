/**
 * What never leaves the process: values whose name looks secret, and the request headers
 * that carry credentials.
 */

/** Names whose values are sent as {@link SCRUBBED}: passwords, secrets, tokens, keys, auth headers, cookies. */
export const DEFAULT_SCRUB_PATTERN = /password|secret|token|key|authori[sz]ation|cookie/i;

/** What a scrubbed value is replaced by. */
export const SCRUBBED = '**scrubbed**';

/** Headers scrubbed whatever the pattern says: they carry credentials by definition. */
const CREDENTIAL_HEADERS = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization']);

/**
 * Whether a variable, property or header name must be scrubbed. A pattern with the `g` or
 * `y` flag keeps state between `test` calls, so its `lastIndex` is reset each time.
 */
export function isScrubbed(name: string, pattern: RegExp): boolean {
  pattern.lastIndex = 0;
  return pattern.test(name);
}

/** Whether a request header's value must be scrubbed. */
export function isScrubbedHeader(name: string, pattern: RegExp): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase()) || isScrubbed(name, pattern);
}
