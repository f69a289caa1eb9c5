/**
 * Who may talk to the Thrift port. Flawless 0.4 clients cannot send `ingest_token`, so
 * the Thrift port is guarded by the peer's address instead: `thrift_allow`, loopback
 * only by default (security review F1).
 */
import { BlockList, isIPv4 } from 'node:net';

/** Decides, per connection, whether its peer may report. */
export type PeerFilter = (remoteAddress: string | undefined) => boolean;

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) → `10.0.0.1`. */
function plainAddress(address: string): string {
  return MAPPED_V4.exec(address)?.[1] ?? address;
}

/** The filter of a `thrift_allow` list (already validated by the config). Empty: loopback only. */
export function compilePeerFilter(entries: readonly string[]): PeerFilter {
  if (entries.includes('any')) return () => true;
  if (entries.includes('none')) return () => false;
  const list = new BlockList();
  const effective = entries.length > 0 ? entries : ['127.0.0.0/8', '::1'];
  for (const entry of effective) {
    const [address = '', prefix] = entry.split('/');
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (remoteAddress) => {
    if (remoteAddress === undefined) return false;
    const address = plainAddress(remoteAddress);
    return list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
  };
}

/** Whether the list opens no Thrift port at all. */
export function thriftDisabled(entries: readonly string[]): boolean {
  return entries.includes('none');
}

/** Whether the operator named the Thrift peers (not the loopback default, not `any`): their reports count as authenticated. */
export function thriftPeersListed(entries: readonly string[]): boolean {
  return entries.length > 0 && !entries.includes('any') && !entries.includes('none');
}
