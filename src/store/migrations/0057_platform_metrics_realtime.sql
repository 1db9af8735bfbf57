-- Seed 004's platform_metrics_realtime: computed dashboard metrics kept until they expire, so a busy
-- dashboard reads one row instead of scanning events each time (src/query/reports/realtime-metrics.ts).
-- One row per (app, metric key); a newer calculation replaces an older one. Expired rows are removed
-- by the `metrics_cleanup` job every 15 minutes (the seed's cleanup_expired_metrics); the TTL is a
-- backstop for an install whose scheduler does not run.
CREATE TABLE IF NOT EXISTS platform_metrics_realtime
(
    app_id        LowCardinality(String),
    metric_key    String,
    metric_value  String CODEC(ZSTD(1)),
    calculated_at DateTime64(3, 'UTC'),
    expires_at    DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(calculated_at)
ORDER BY (app_id, metric_key)
TTL toDateTime(expires_at) + INTERVAL 1 DAY
;
