-- Who read, queried, exported, erased or changed keys, and when. One row per request, written in
-- batches; the key id (never the key), the apps and the subject (a report template, a hash of the
-- SQL text, a hash of an erased user id). Retention is set at start from configuration.
CREATE TABLE IF NOT EXISTS audit_log
(
    at          DateTime64(3, 'UTC'),
    request_id  String,
    key_id      String,
    caller_kind LowCardinality(String),
    action      LowCardinality(String),
    method      LowCardinality(String),
    route       LowCardinality(String),
    app_ids     Array(String),
    subject     String,
    status      UInt16,
    duration_ms UInt32
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, key_id)
TTL toDateTime(at) + INTERVAL 730 DAY
;
