/**
 * Address lists of the options that say who may connect (`thrift_allow`): addresses and
 * networks in CIDR notation, or the words `any` and `none`.
 */
import { isIP } from 'node:net';

/** One checked entry: `127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`, `any` or `none`. */
export type NetworkEntry = string;

/** Checks one entry; returns the problem, or null when it is fine. */
export function networkEntryProblem(entry: string): string | null {
  if (entry === 'any' || entry === 'none') return null;
  const [address = '', prefix, extra] = entry.split('/');
  if (extra !== undefined) return `${JSON.stringify(entry)} has more than one /`;
  const family = isIP(address);
  if (family === 0) return `${JSON.stringify(address)} is not an IP address`;
  if (prefix === undefined) return null;
  const bits = Number(prefix);
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || bits > max) return `${JSON.stringify(entry)} has a prefix length outside 0-${max}`;
  return null;
}
