const CHUNKS = /\d+|\D+/g;

/**
 * Compares names so that runs of digits count as numbers: `release-9` < `release-10`.
 * Other text compares by code unit, so the order does not depend on the locale.
 */
export function naturalCompare(a: string, b: string): number {
  const left = a.match(CHUNKS) ?? [];
  const right = b.match(CHUNKS) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] as string;
    const y = right[i] as string;
    if (x === y) continue;
    if (isDigits(x) && isDigits(y)) {
      const order = compareNumbers(x, y);
      if (order !== 0) return order;
    }
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

const isDigits = (chunk: string): boolean => chunk.charCodeAt(0) >= 48 && chunk.charCodeAt(0) <= 57;

/** Compares digit strings of any length by value. */
function compareNumbers(x: string, y: string): number {
  const a = x.replace(/^0+(?=\d)/, '');
  const b = y.replace(/^0+(?=\d)/, '');
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
