// Enrichment: the user agent becomes device/browser/os, the IP becomes an anonymised prefix
// (IPv4 /24, IPv6 /48). The full IP never leaves this module; the full user agent is dropped.

import { isIP } from 'node:net';
import UAParser from 'ua-parser-js';

export interface DeviceInfo {
  readonly device: string;
  readonly browser: string;
  readonly os: string;
}

const UNKNOWN: DeviceInfo = Object.freeze({ device: '', browser: '', os: '' });
const UA_CACHE_MAX = 4096;

/** Parses user agents with a small cache: real traffic repeats a few thousand agents. */
export function createUserAgentParser(): (userAgent: string | undefined) => DeviceInfo {
  const cache = new Map<string, DeviceInfo>();
  return function parseUserAgent(userAgent) {
    if (!userAgent) return UNKNOWN;
    const hit = cache.get(userAgent);
    if (hit) return hit;
    const r = new UAParser(userAgent).getResult();
    const info: DeviceInfo = Object.freeze({
      device: r.device.type ?? (r.os.name ? 'desktop' : ''),
      browser: r.browser.name ?? '',
      os: r.os.name ?? '',
    });
    if (cache.size >= UA_CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(userAgent, info);
    return info;
  };
}

function expandIpv6(ip: string): number[] | undefined {
  const [head, tail] = ip.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').filter((x) => x !== '') : []);
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  const missing = 8 - h.length - t.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...h, ...Array(missing).fill('0'), ...t].map((g) => parseInt(g, 16));
  return groups.some((g) => Number.isNaN(g)) ? undefined : groups;
}

/**
 * The /24 prefix of a dotted IPv4 address as `isIP` accepts it (four decimal octets 0-255, no
 * leading zeros), read by hand: nearly every event's address, at a fraction of the general path's
 * cost. undefined for anything else (the general path decides).
 */
function ipv4Prefix(ip: string): string | undefined {
  let octets = 0;
  let value = 0;
  let digits = 0;
  let lastDot = -1;
  for (let i = 0; i <= ip.length; i++) {
    const c = i < ip.length ? ip.charCodeAt(i) : 46; /* a final '.' closes the last octet */
    if (c === 46) {
      if (digits === 0 || value > 255) return undefined;
      octets++;
      if (i < ip.length) lastDot = i;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      // a leading zero only as the whole octet
      if (digits === 1 && value === 0) return undefined;
      value = value * 10 + (c - 48);
      if (++digits > 3) return undefined;
    } else {
      return undefined;
    }
  }
  return octets === 4 ? `${ip.slice(0, lastDot)}.0` : undefined;
}

/** '203.0.113.7' → '203.0.113.0'; '2001:db8:abcd:12::1' → '2001:db8:abcd::'; invalid → ''. */
export function anonymizeIp(ip: string | undefined): string {
  if (!ip) return '';
  const fast = ipv4Prefix(ip);
  if (fast !== undefined) return fast;
  const trimmed = ip.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  const candidate = mapped ? mapped[1] : trimmed;
  const family = isIP(candidate);
  if (family === 4) {
    const parts = candidate.split('.');
    return `${parts[0]}.${parts[1]}.${parts[2]}.0`;
  }
  if (family === 6) {
    const groups = expandIpv6(candidate.split('%')[0]);
    if (!groups) return '';
    return `${groups.slice(0, 3).map((g) => g.toString(16)).join(':')}::`;
  }
  return '';
}
