import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';

/**
 * Outbound calls to addresses users give (automation webhooks, calendar
 * connections) must not become a way into the operator's network (SSRF): every
 * address a host name resolves to is checked, and the connection goes to the
 * address that was checked (no second lookup that a DNS rebinding could answer
 * differently). Loopback is allowed only with WEBHOOK_ALLOW_LOOPBACK=1 (tests,
 * a receiver on the same machine); private and reserved ranges never are.
 */

export type AddressClass = 'public' | 'loopback' | 'private';

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const reserved = new net.BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  reserved.addSubnet(net4, prefix, 'ipv4');
}
for (const [net6, prefix] of [
  ['::', 128],
  ['64:ff9b::', 96], // NAT64 can reach IPv4-private space
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  reserved.addSubnet(net6, prefix, 'ipv6');
}

export function classifyAddress(address: string): AddressClass {
  const family = net.isIP(address);
  if (family === 0) return 'private'; // not an address: never connect to it
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(address, type)) return 'loopback';
  if (reserved.check(address, type)) return 'private';
  return 'public';
}

export function addressAllowed(address: string, allowLoopback: boolean): boolean {
  const c = classifyAddress(address);
  return c === 'public' || (c === 'loopback' && allowLoopback);
}

export class BlockedAddressError extends Error {}

/** A `lookup` for http.request that refuses the host when any of its addresses is not allowed. */
export function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const blocked = addresses.find((a) => !addressAllowed(a.address, allowLoopback));
      if (blocked || addresses.length === 0) {
        const why = blocked ? `${blocked.address} is a ${classifyAddress(blocked.address)} address` : 'it has no address';
        return callback(new BlockedAddressError(`Refused to call ${hostname}: ${why}`), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** A literal address in a URL can be judged when the rule is saved; names are judged at every call. */
export function literalHostProblem(url: URL, allowLoopback: boolean): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return allowLoopback ? null : 'must not point at this server (localhost)';
  if (net.isIP(host) && !addressAllowed(host, allowLoopback)) return `must not point at a ${classifyAddress(host)} address`;
  return null;
}
