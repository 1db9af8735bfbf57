-- The event table. Ordered for the common filters (app, event, day, user); partitioned by
-- month; a projection ordered by event_id answers "is this id stored?" for the batcher's
-- deduplication from the same part as the row itself, so the check can never disagree with the data.
CREATE TABLE IF NOT EXISTS events
(
    event_id     UUID,
    app_id       LowCardinality(String),
    event_name   LowCardinality(String),
    category     LowCardinality(String),
    user_id      String,
    anonymous_id String,
    session_id   String,
    timestamp    DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    received_at  DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    properties   String CODEC(ZSTD(1)),
    device       LowCardinality(String),
    browser      LowCardinality(String),
    os           LowCardinality(String),
    country      LowCardinality(String),
    ip_prefix    String,
    locale       LowCardinality(String),
    app_version  LowCardinality(String),
    library      LowCardinality(String),
    page_url     String CODEC(ZSTD(1)),
    referrer     String CODEC(ZSTD(1)),
    user_agent   String CODEC(ZSTD(1)),
    PROJECTION by_event_id (SELECT app_id, event_id ORDER BY event_id)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (app_id, event_name, toDate(timestamp), user_id, timestamp)
SETTINGS index_granularity = 8192, lightweight_mutation_projection_mode = 'rebuild', deduplicate_merge_projection_mode = 'rebuild'
;
