// Seed 004's platform_metrics_realtime: a report's answer kept with an expiry, in memory and in the
// `platform_metrics_realtime` table (migration 0057), so a dashboard polled by many clients, or by
// several Tally processes, computes it once per expiry instead of scanning events on every read.
// A read serves, in order: this process's copy while unexpired, the table's row while unexpired
// (another process computed it), or a new computation, stored with calculated_at and expires_at.
// Concurrent misses of one key share one computation. cleanup() removes expired rows (the seed's
// cleanup_expired_metrics, every 15 minutes, see metricsCleanupJob).

import { toEngineTime } from '../../event/index.ts';
import type { StoreConnection } from '../../store/index.ts';

export const REALTIME_METRICS_TABLE = 'platform_metrics_realtime';
/** most keys held in memory; the table holds the rest */
const MEMORY_MAX_KEYS = 10_000;

export interface CachedMetric<T> {
  readonly value: T;
  readonly calculatedAtMs: number;
  readonly expiresAtMs: number;
  /** 'memory' | 'table': served from the cache; 'computed': computed by this read */
  readonly source: 'memory' | 'table' | 'computed';
}

export interface RealtimeMetricsOptions {
  readonly store: StoreConnection;
  /** how long an answer is served (default 60 s) */
  readonly ttlSeconds?: number;
  readonly now?: () => number;
}

export function createRealtimeMetrics(options: RealtimeMetricsOptions) {
  const { store } = options;
  const ttlMs = (options.ttlSeconds ?? 60) * 1000;
  const now = options.now ?? Date.now;
  const memory = new Map<string, { value: unknown; calculatedAtMs: number; expiresAtMs: number }>();
  const inFlight = new Map<string, Promise<CachedMetric<unknown>>>();
  const stats = { memory: 0, table: 0, computed: 0 };

  const keyOf = (appId: string, metricKey: string) => `${appId}\u0000${metricKey}`;

  async function fromTable(appId: string, metricKey: string, atMs: number) {
    const rows = await store.query<{ metric_value: string; calculated_ms: number; expires_ms: number }>(
      `SELECT argMax(metric_value, calculated_at) AS metric_value, toUnixTimestamp64Milli(max(calculated_at)) AS calculated_ms,
              toUnixTimestamp64Milli(argMax(expires_at, calculated_at)) AS expires_ms
       FROM ${REALTIME_METRICS_TABLE} WHERE app_id = {app:String} AND metric_key = {key:String}
       HAVING count() > 0`,
      { app: appId, key: metricKey },
    );
    const r = rows[0];
    if (!r || Number(r.expires_ms) <= atMs) return undefined;
    return { value: JSON.parse(r.metric_value) as unknown, calculatedAtMs: Number(r.calculated_ms), expiresAtMs: Number(r.expires_ms) };
  }

  async function compute<T>(appId: string, metricKey: string, calculate: () => Promise<T>): Promise<CachedMetric<T>> {
    const atMs = now();
    const stored = await fromTable(appId, metricKey, atMs);
    if (stored) {
      stats.table++;
      remember(keyOf(appId, metricKey), stored);
      return { ...stored, value: stored.value as T, source: 'table' };
    }
    const value = await calculate();
    const calculatedAtMs = now();
    const entry = { value, calculatedAtMs, expiresAtMs: calculatedAtMs + ttlMs };
    const row = { app_id: appId, metric_key: metricKey, metric_value: JSON.stringify(value), calculated_at: toEngineTime(calculatedAtMs), expires_at: toEngineTime(entry.expiresAtMs) };
    await store.insertJsonEachRow(REALTIME_METRICS_TABLE, Buffer.from(JSON.stringify(row) + '\n'));
    stats.computed++;
    remember(keyOf(appId, metricKey), entry);
    return { ...entry, source: 'computed' };
  }

  function remember(key: string, entry: { value: unknown; calculatedAtMs: number; expiresAtMs: number }) {
    memory.delete(key);
    while (memory.size >= MEMORY_MAX_KEYS) memory.delete(memory.keys().next().value as string);
    memory.set(key, entry);
  }

  return {
    stats,
    /** the metric's unexpired answer, or a new one from `calculate` (stored with its expiry) */
    async get<T>(appId: string, metricKey: string, calculate: () => Promise<T>): Promise<CachedMetric<T>> {
      const key = keyOf(appId, metricKey);
      const hit = memory.get(key);
      if (hit && hit.expiresAtMs > now()) {
        stats.memory++;
        return { ...hit, value: hit.value as T, source: 'memory' };
      }
      let running = inFlight.get(key);
      if (!running) {
        running = compute(appId, metricKey, calculate).finally(() => inFlight.delete(key));
        inFlight.set(key, running);
      }
      return (await running) as CachedMetric<T>;
    },
    /** the unexpired metrics of an app, newest first (the seed's "Real-Time Metrics" query) */
    async list(appId: string): Promise<Array<{ metric_key: string; metric_value: unknown; calculated_at: string; expires_at: string }>> {
      const rows = await store.query<{ metric_key: string; metric_value: string; calculated_ms: number; expires_ms: number }>(
        `SELECT metric_key, argMax(metric_value, calculated_at) AS metric_value, toUnixTimestamp64Milli(max(calculated_at)) AS calculated_ms,
                toUnixTimestamp64Milli(argMax(expires_at, calculated_at)) AS expires_ms
         FROM ${REALTIME_METRICS_TABLE} WHERE app_id = {app:String}
         GROUP BY metric_key HAVING expires_ms > {now:Int64} ORDER BY calculated_ms DESC LIMIT 1000`,
        { app: appId, now: now() },
      );
      return rows.map((r) => ({ metric_key: r.metric_key, metric_value: JSON.parse(r.metric_value) as unknown, calculated_at: new Date(Number(r.calculated_ms)).toISOString(), expires_at: new Date(Number(r.expires_ms)).toISOString() }));
    },
    /** removes expired rows (table and memory); resolves with the rows removed */
    async cleanup(): Promise<number> {
      const atMs = now();
      for (const [key, e] of memory) if (e.expiresAtMs <= atMs) memory.delete(key);
      const at = toEngineTime(atMs);
      const [{ n }] = await store.query<{ n: number }>(`SELECT count() AS n FROM ${REALTIME_METRICS_TABLE} WHERE expires_at <= {at:DateTime64(3, 'UTC')}`, { at });
      if (Number(n) > 0) await store.command(`ALTER TABLE ${REALTIME_METRICS_TABLE} DELETE WHERE expires_at <= {at:DateTime64(3, 'UTC')}`, { at }, { settings: { mutations_sync: 2 } });
      return Number(n);
    },
  };
}

export type RealtimeMetrics = ReturnType<typeof createRealtimeMetrics>;
