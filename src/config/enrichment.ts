// Configuration of enrichment at ingest (docs/enrichment.md): geography from the IP, the profile
// cache events are enriched from, and the dashboard metrics cache. Parsed once by loadConfig.

import { bool, int, type Env } from './env.ts';

export interface EnrichmentConfig {
  /** look up country/region/city of the IP at ingest (TALLY_GEOIP, default true) */
  readonly geoip: boolean;
  /** users whose profile facts ingest keeps in memory (TALLY_PROFILE_CACHE_ENTRIES, default 100000) */
  readonly profileCacheEntries: number;
  /** a cached profile is reloaded after this long (TALLY_PROFILE_CACHE_TTL_MS, default 60000 ms) */
  readonly profileCacheTtlMs: number;
  /** dashboard_metrics answers are served from the cache this long (TALLY_DASHBOARD_METRICS_TTL_SECONDS, default 60 s) */
  readonly dashboardMetricsTtlSeconds: number;
}

export function loadEnrichmentConfig(env: Env): EnrichmentConfig {
  return {
    geoip: bool(env, 'TALLY_GEOIP'),
    profileCacheEntries: int(env, 'TALLY_PROFILE_CACHE_ENTRIES'),
    profileCacheTtlMs: int(env, 'TALLY_PROFILE_CACHE_TTL_MS'),
    dashboardMetricsTtlSeconds: int(env, 'TALLY_DASHBOARD_METRICS_TTL_SECONDS'),
  };
}
