-- Tracking plans: one immutable row per version of an event's properties schema (JSON Schema
-- 2020-12 text), and the per-app validation mode. Replacing engines only make a retried insert of
-- the same row harmless; a stored version is never changed.
CREATE TABLE IF NOT EXISTS event_schemas
(
    app_id      String,
    event_name  String,
    version     UInt32,
    schema      String CODEC(ZSTD(1)),
    category    LowCardinality(String),
    description String,
    owner       String,
    created_at  DateTime64(3, 'UTC'),
    created_by  String
)
ENGINE = ReplacingMergeTree
ORDER BY (app_id, event_name, version)
;
CREATE TABLE IF NOT EXISTS schema_settings
(
    app_id      String,
    schema_mode LowCardinality(String),
    updated_at  DateTime64(3, 'UTC'),
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY app_id
;
