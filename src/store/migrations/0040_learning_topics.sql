-- The curriculum of the learner model (src/learning, seed 002): one row per app and topic, the
-- newest version winning (a PUT upserts topics; topics not named keep their row). Prerequisites and
-- materials are lists of ids; `parent` is '' for a root topic.
CREATE TABLE IF NOT EXISTS learning_topics
(
    app_id            String,
    topic_id          String,
    name              String,
    parent            String,
    board_exam_weight Float64,
    prerequisites     Array(String),
    materials         Array(String),
    updated_at        DateTime64(3, 'UTC'),
    version           UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (app_id, topic_id)
;
