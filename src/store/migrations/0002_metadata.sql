-- Metadata lives in the same engine: apps and their keys (hashes only).
CREATE TABLE IF NOT EXISTS apps
(
    app_id     String,
    created_at DateTime64(3, 'UTC'),
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY app_id
;
CREATE TABLE IF NOT EXISTS api_keys
(
    key_id     String,
    app_id     String,
    kind       LowCardinality(String),
    key_hash   String,
    created_at DateTime64(3, 'UTC'),
    revoked    UInt8,
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY key_id
;
