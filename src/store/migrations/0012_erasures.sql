-- GDPR receipts: one row per erasure or anonymisation, updated (newer version) as it runs. The
-- user id is kept only as a keyed hash; `tables` is a JSON list of what was matched and removed.
CREATE TABLE IF NOT EXISTS erasures
(
    erasure_id   String,
    kind         LowCardinality(String),
    app_id       String,
    subject_hash String,
    requested_by String,
    requested_at DateTime64(3, 'UTC'),
    status       LowCardinality(String),
    completed_at Nullable(DateTime64(3, 'UTC')),
    tables       String,
    error        String,
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY erasure_id
;
