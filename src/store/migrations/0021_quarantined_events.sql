-- The dead-letter table: every event ingest rejected, with its reason, the raw payload (cut at a
-- size limit and flagged when cut), the key that sent it and when. A quarantine id is derived from
-- the app and the payload, so a re-sent rejected event updates its row instead of adding one;
-- replays write a newer version of the row (status 'replayed', or a new reason). Rows expire.
CREATE TABLE IF NOT EXISTS quarantined_events
(
    app_id            String,
    quarantine_id     UUID,
    received_at       DateTime64(3, 'UTC'),
    key_id            String,
    code              LowCardinality(String),
    message           String,
    event_name        String,
    event_id          String,
    payload           String CODEC(ZSTD(1)),
    payload_bytes     UInt32,
    payload_truncated UInt8,
    status            LowCardinality(String),
    replay_count      UInt32,
    replayed_at       Nullable(DateTime64(3, 'UTC')),
    version           UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (app_id, quarantine_id)
TTL toDateTime(received_at) + INTERVAL 90 DAY
;
