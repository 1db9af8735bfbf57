-- The retention rules last applied to each table (TTL text built from configuration), so a start
-- with unchanged configuration does not rewrite TTLs again.
CREATE TABLE IF NOT EXISTS retention_state
(
    table_name String,
    ttl        String,
    applied_at DateTime64(3, 'UTC'),
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY table_name
;
