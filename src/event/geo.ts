// Geography of an IP address: country, region (ISO 3166-2 subdivision code) and city, from the
// GeoLite2 data the npm package `geoip-lite` ships (Apache-2.0 code; data CC BY-SA 4.0, see
// docs/enrichment.md for its terms and how to update it). The database is read into memory once,
// when loadGeoLookup is called (about 120 MB, 0.2 s), never at import. Lookups are synchronous
// (binary search over in-memory ranges) behind a small cache, because real traffic repeats
// addresses. The IP itself is only a key of that cache, in memory; it is never stored.

import { createRequire } from 'node:module';

export interface GeoInfo {
  /** ISO 3166-1 alpha-2, upper case; '' when unknown */
  readonly country: string;
  /** subdivision code (e.g. ENG, CA); '' when unknown */
  readonly region: string;
  readonly city: string;
}

/** IP → geography, or undefined when the address is private, reserved or not in the data */
export type GeoLookup = (ip: string) => GeoInfo | undefined;

/** addresses kept in the lookup cache (least recently inserted leave first) */
const GEO_CACHE_MAX = 8192;
const NONE = Symbol('none');

interface GeoipLite {
  lookup(ip: string): { country?: unknown; region?: unknown; city?: unknown } | null;
}

function isGeoipLite(m: unknown): m is GeoipLite {
  return typeof m === 'object' && m !== null && typeof (m as { lookup?: unknown }).lookup === 'function';
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

/** Reads the shipped database (once per process: the package keeps it in module state) and returns a cached lookup. */
export function loadGeoLookup(): GeoLookup {
  const geoip: unknown = createRequire(import.meta.url)('geoip-lite');
  if (!isGeoipLite(geoip)) throw new Error('geoip-lite has no lookup function');
  return cachedLookup((ip) => {
    const r = geoip.lookup(ip);
    if (!r) return undefined;
    const country = text(r.country, 2).toUpperCase();
    return country ? Object.freeze({ country, region: text(r.region, 64), city: text(r.city, 128) }) : undefined;
  });
}

/** a lookup behind a bounded cache */
export function cachedLookup(lookup: GeoLookup, maxEntries = GEO_CACHE_MAX): GeoLookup {
  const cache = new Map<string, GeoInfo | typeof NONE>();
  return function geoOf(ip) {
    if (!ip) return undefined;
    const hit = cache.get(ip);
    if (hit !== undefined) return hit === NONE ? undefined : hit;
    const info = lookup(ip);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(ip, info ?? NONE);
    return info;
  };
}
