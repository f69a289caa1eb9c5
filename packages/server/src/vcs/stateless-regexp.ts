/**
 * A copy of `pattern` without the `g` and `y` flags: with them, `test` keeps a `lastIndex`
 * between calls and answers differently for the same input.
 */
export function statelessRegExp(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}
