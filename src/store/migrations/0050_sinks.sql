-- Exports (src/sinks, docs/export.md). `sinks`: one row per configured destination, rewritten with
-- a newer version when it changes (a FINAL read is the current configuration; `deleted` retires it).
CREATE TABLE IF NOT EXISTS sinks
(
    sink_id    String,
    app_id     String,
    kind       LowCardinality(String),
    config     String,
    batch_rows UInt32,
    created_at DateTime64(3, 'UTC'),
    deleted    UInt8,
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY sink_id
;
-- One row per export batch of a sink, rewritten at each state change (pending → running →
-- succeeded / failed; each attempt raises `attempts`). A batch is the arrivals in
-- (range_from, range_to], fixed when it is planned, so a retry or a resumed batch exports the same
-- rows under the same names. The cursor of a sink is the range_to of its last succeeded batch, so
-- the table has no TTL: a row per batch is small, and dropping the last one would move the cursor back.
CREATE TABLE IF NOT EXISTS warehouse_sync_status
(
    sink_id     String,
    batch_seq   UInt64,
    app_id      String,
    range_from  String,
    range_to    String,
    rows        UInt64,
    bytes       UInt64,
    status      LowCardinality(String),
    attempts    UInt16,
    error       String,
    trigger     LowCardinality(String),
    created_at  DateTime64(3, 'UTC'),
    started_at  Nullable(DateTime64(3, 'UTC')),
    finished_at Nullable(DateTime64(3, 'UTC')),
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (sink_id, batch_seq)
;
-- The order events were stored in, for the export cursor: the engine stamps each inserted block
-- with its own clock, so a late event (a Kafka backlog, a quarantine replay, an old timestamp) is
-- exported when it is stored, never skipped because its event time or receive time is old. It names
-- no user, and its app column is `app`, not `app_id`, so erasures and rollup rebuilds (which find
-- tables by those columns) pass it by: an erased event's arrival points at nothing. No TTL: a sink
-- created later, or failed for long, still finds every arrival after its cursor (a few bytes each).
CREATE TABLE IF NOT EXISTS sink_arrivals
(
    app       LowCardinality(String),
    stored_at DateTime64(3, 'UTC'),
    event_id  UUID
)
ENGINE = MergeTree
ORDER BY (app, stored_at, event_id)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS sink_arrivals_mv TO sink_arrivals AS
SELECT app_id AS app, now64(3, 'UTC') AS stored_at, event_id
FROM events
;
