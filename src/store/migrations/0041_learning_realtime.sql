-- The learner model's real-time tables (src/learning, seed 002), kept by materialized views on
-- every insert into `events` (the batcher inserts each event id once):
--   question_attempts      one row per `question_answered` event (is_correct derived at ingest);
--                          the attempt number per user and question is its rank by (attempted_at,
--                          event_id), computed when read
--   study_sessions         per session: first and last event, the session_end time, materials
--                          viewed (material_open), questions attempted and answered correctly
--   material_interactions  per user and material: furthest progress (0–1), seconds, opens
-- Only events inserted after this migration are seen (docs/learning.md). Read per learner: small
-- granules (256 rows), so a learner's lookup decompresses a few hundred rows, not 8,192.
CREATE TABLE IF NOT EXISTS question_attempts
(
    app_id                 LowCardinality(String),
    user_id                String,
    question_id            String,
    attempted_at           DateTime64(3, 'UTC'),
    event_id               UUID,
    topic_id               String,
    session_id             String,
    selected_answer        String,
    correct_answer         String,
    is_correct             UInt8,
    time_to_answer_seconds Nullable(Float64)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(attempted_at)
ORDER BY (app_id, user_id, question_id, attempted_at, event_id)
SETTINGS index_granularity = 256
;
CREATE MATERIALIZED VIEW IF NOT EXISTS question_attempts_mv TO question_attempts AS
SELECT
    app_id,
    user_id,
    if(JSONType(properties, 'question_id') = 'String', JSONExtractString(properties, 'question_id'), JSONExtractRaw(properties, 'question_id')) AS question_id,
    timestamp AS attempted_at,
    event_id,
    if(JSONType(properties, 'topic_id') = 'String', JSONExtractString(properties, 'topic_id'), JSONExtractRaw(properties, 'topic_id')) AS topic_id,
    session_id,
    if(JSONType(properties, 'selected_answer') = 'String', JSONExtractString(properties, 'selected_answer'), JSONExtractRaw(properties, 'selected_answer')) AS selected_answer,
    if(JSONType(properties, 'correct_answer') = 'String', JSONExtractString(properties, 'correct_answer'), JSONExtractRaw(properties, 'correct_answer')) AS correct_answer,
    toUInt8(JSONExtractBool(properties, 'is_correct')) AS is_correct,
    if(JSONType(properties, 'time_to_answer_seconds') IN ('Int64', 'UInt64', 'Double'), JSONExtractFloat(properties, 'time_to_answer_seconds'), NULL) AS time_to_answer_seconds
FROM events
WHERE event_name = 'question_answered' AND JSONType(properties, 'question_id') IN ('String', 'Int64', 'UInt64')
;
CREATE TABLE IF NOT EXISTS study_sessions
(
    app_id              LowCardinality(String),
    user_id             String,
    session_id          String,
    started_at          SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_event_at       SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    -- the session_end event's time; 1970-01-01 until one arrives
    ended_at            SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    materials_viewed    SimpleAggregateFunction(sum, UInt64),
    questions_attempted SimpleAggregateFunction(sum, UInt64),
    correct             SimpleAggregateFunction(sum, UInt64),
    device_type         SimpleAggregateFunction(anyLast, String)
)
ENGINE = AggregatingMergeTree
ORDER BY (app_id, user_id, session_id)
SETTINGS index_granularity = 256
;
CREATE MATERIALIZED VIEW IF NOT EXISTS study_sessions_mv TO study_sessions AS
SELECT
    app_id,
    user_id,
    session_id,
    min(timestamp) AS started_at,
    max(timestamp) AS last_event_at,
    max(if(event_name = 'session_end', timestamp, toDateTime64(0, 3, 'UTC'))) AS ended_at,
    toUInt64(countIf(event_name = 'material_open')) AS materials_viewed,
    toUInt64(countIf(event_name = 'question_answered')) AS questions_attempted,
    toUInt64(countIf(event_name = 'question_answered' AND JSONExtractBool(properties, 'is_correct'))) AS correct,
    anyLast(if(event_name = 'session_start', JSONExtractString(properties, 'device_type'), '')) AS device_type
FROM events
WHERE event_name IN ('session_start', 'session_end', 'question_answered', 'material_open', 'material_progress') AND session_id != ''
GROUP BY app_id, user_id, session_id
;
CREATE TABLE IF NOT EXISTS material_interactions
(
    app_id         LowCardinality(String),
    user_id        String,
    material_id    String,
    topic_id       SimpleAggregateFunction(anyLast, String),
    progress       SimpleAggregateFunction(max, Float64),
    seconds        SimpleAggregateFunction(sum, Float64),
    opens          SimpleAggregateFunction(sum, UInt64),
    first_at       SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_at        SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (app_id, user_id, material_id)
SETTINGS index_granularity = 256
;
CREATE MATERIALIZED VIEW IF NOT EXISTS material_interactions_mv TO material_interactions AS
SELECT
    app_id,
    user_id,
    if(JSONType(properties, 'material_id') = 'String', JSONExtractString(properties, 'material_id'), JSONExtractRaw(properties, 'material_id')) AS material_id,
    anyLast(if(JSONType(properties, 'topic_id') = 'String', JSONExtractString(properties, 'topic_id'), JSONExtractRaw(properties, 'topic_id'))) AS topic_id,
    max(if(JSONType(properties, 'progress') IN ('Int64', 'UInt64', 'Double'), least(greatest(JSONExtractFloat(properties, 'progress'), 0), 1), 0)) AS progress,
    sum(if(JSONType(properties, 'seconds') IN ('Int64', 'UInt64', 'Double'), greatest(JSONExtractFloat(properties, 'seconds'), 0), 0)) AS seconds,
    toUInt64(countIf(event_name = 'material_open')) AS opens,
    min(timestamp) AS first_at,
    max(timestamp) AS last_at
FROM events
WHERE event_name IN ('material_open', 'material_progress') AND JSONType(properties, 'material_id') IN ('String', 'Int64', 'UInt64')
GROUP BY app_id, user_id, material_id
;
