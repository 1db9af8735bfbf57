-- Custom segments saved by name per app (definitions only; membership is computed when used).
-- Versioned rows, read with FINAL; a delete is a row with deleted = 1.
CREATE TABLE IF NOT EXISTS saved_segments
(
    app_id     LowCardinality(String),
    name       String,
    definition String,
    deleted    UInt8,
    updated_at DateTime64(3, 'UTC'),
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (app_id, name)
;
