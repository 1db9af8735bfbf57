// Where an app's webhook may connect. A read key creates alert rules, and a rule makes Tally POST
// to its URL: unchecked, a key holder could aim it at the host's own services, the cloud metadata
// endpoint or the private network (server-side request forgery). Unless
// TALLY_ALERTS_WEBHOOK_PRIVATE_NETWORKS allows it, a delivery connects only to public unicast
// addresses. The check is made on the addresses the connection actually uses (a DNS lookup hook
// on the socket), so a name that resolves elsewhere at delivery than at creation (DNS rebinding)
// is still refused; a literal IP in the URL is checked before connecting (sockets skip the lookup
// for literals). The ranges are the IANA special-purpose registries' non-global blocks.

import dns, { type LookupAddress } from 'node:dns';
import net from 'node:net';

const NOT_PUBLIC = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) NOT_PUBLIC.addSubnet(prefix, bits, 'ipv6');

/** true for a public unicast address; IPv4-mapped and NAT64 IPv6 addresses are judged by their IPv4 */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const lower = address.toLowerCase();
    const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1] ?? mappedHex(lower);
    if (embedded !== undefined) return isPublicAddress(embedded);
  }
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** ::ffff:7f00:1 (the hex form of an IPv4-mapped address) as 127.0.0.1 */
function mappedHex(address: string): string | undefined {
  const m = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (!m) return undefined;
  const hi = Number.parseInt(m[1], 16);
  const lo = Number.parseInt(m[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export const privateAddressMessage = (host: string, address: string) =>
  `${host} is ${address}, not a public address (set TALLY_ALERTS_WEBHOOK_PRIVATE_NETWORKS=true to allow private networks)`;

/** why this URL's literal host may not be used, or undefined (names are checked when connecting) */
export function literalHostProblem(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) !== 0 && !isPublicAddress(host)) return privateAddressMessage(host, host);
  if (host === 'localhost' || host.endsWith('.localhost')) return privateAddressMessage(host, 'loopback');
  return undefined;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** a `lookup` for sockets that fails when a name resolves to any address that is not public */
export function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      const error: NodeJS.ErrnoException = new Error(privateAddressMessage(hostname, refused.address));
      error.code = 'ETALLYPRIVATEADDRESS';
      return callback(error, []);
    }
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    return callback(null, first.address, first.family);
  });
}
