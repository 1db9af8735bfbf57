-- Saved dashboards per app (src/query/saved-dashboards.ts, docs/dashboard.md): a title and the
-- pinned insights, each kept as the insight's own URL state, in layout order. Versioned rows, read
-- with FINAL; a delete is a row with deleted = 1.
CREATE TABLE IF NOT EXISTS dashboards
(
    app_id       LowCardinality(String),
    dashboard_id String,
    title        String,
    tiles        String,
    deleted      UInt8,
    updated_at   DateTime64(3, 'UTC'),
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (app_id, dashboard_id)
;
