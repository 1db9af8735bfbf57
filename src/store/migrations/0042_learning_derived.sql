-- The learner model's tables kept by jobs (src/learning/*-job.ts, seed 002). Every row carries the
-- calculation_version that computed it and the time it was computed for (`computed_for`, the
-- run's scheduled time, or the day for daily rows); a re-run of the same time replaces its rows,
-- and a backfill of another version writes beside the current one. Tables read per learner use
-- small granules (256 rows): a learner's lookup then decompresses a few hundred rows, not 8,192.
CREATE TABLE IF NOT EXISTS topic_mastery
(
    app_id                 LowCardinality(String),
    user_id                String,
    topic_id               String,
    calculation_version    UInt16,
    computed_for           DateTime64(3, 'UTC'),
    computed_at            DateTime64(3, 'UTC'),
    attempts               UInt64,
    correct                UInt64,
    questions              UInt64,
    first_attempt_accuracy Float64,
    overall_accuracy       Float64,
    retrieval_strength     Float64,
    material_completion    Float64,
    mastery                Float64
)
ENGINE = ReplacingMergeTree(computed_for)
ORDER BY (app_id, user_id, topic_id, calculation_version)
SETTINGS index_granularity = 256
;
-- the spaced-repetition schedule per user and question (src/learning/spaced-repetition.ts)
CREATE TABLE IF NOT EXISTS review_schedule
(
    app_id              LowCardinality(String),
    user_id             String,
    question_id         String,
    calculation_version UInt16,
    computed_for        DateTime64(3, 'UTC'),
    topic_id            String,
    attempts            UInt64,
    last_attempt_at     DateTime64(3, 'UTC'),
    last_quality        UInt8,
    interval_days       UInt32,
    due_at              DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_for)
ORDER BY (app_id, user_id, question_id, calculation_version)
SETTINGS index_granularity = 256
;
CREATE TABLE IF NOT EXISTS daily_user_stats
(
    app_id              LowCardinality(String),
    user_id             String,
    stat_date           Date,
    calculation_version UInt16,
    computed_at         DateTime64(3, 'UTC'),
    questions_attempted UInt64,
    correct             UInt64,
    materials_opened    UInt64,
    answer_seconds      Float64,
    material_seconds    Float64,
    sessions            UInt64,
    topics_studied      UInt64
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (app_id, user_id, stat_date, calculation_version)
SETTINGS index_granularity = 256
;
CREATE TABLE IF NOT EXISTS user_learning_metrics
(
    app_id              LowCardinality(String),
    user_id             String,
    calculation_version UInt16,
    as_of_date          Date,
    computed_at         DateTime64(3, 'UTC'),
    questions_7d        UInt64,
    correct_7d          UInt64,
    study_seconds_7d    Float64,
    active_days_7d      UInt32,
    questions_30d       UInt64,
    correct_30d         UInt64,
    study_seconds_30d   Float64,
    active_days_30d     UInt32,
    questions_90d       UInt64,
    correct_90d         UInt64,
    study_seconds_90d   Float64,
    active_days_90d     UInt32
)
ENGINE = ReplacingMergeTree(as_of_date)
ORDER BY (app_id, user_id, calculation_version)
SETTINGS index_granularity = 256
;
CREATE TABLE IF NOT EXISTS topic_daily_stats
(
    app_id              LowCardinality(String),
    topic_id            String,
    stat_date           Date,
    calculation_version UInt16,
    computed_at         DateTime64(3, 'UTC'),
    attempts            UInt64,
    correct             UInt64,
    first_attempts      UInt64,
    first_correct       UInt64,
    learners            UInt64
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (app_id, topic_id, stat_date, calculation_version)
;
CREATE TABLE IF NOT EXISTS knowledge_gaps
(
    app_id                LowCardinality(String),
    user_id               String,
    topic_id              String,
    calculation_version   UInt16,
    computed_for          DateTime64(3, 'UTC'),
    mastery               Float64,
    gap                   Float64,
    board_exam_weight     Float64,
    prerequisite_impact   UInt32,
    recent_failure_rate   Float64,
    priority              Float64,
    is_gap                UInt8
)
ENGINE = ReplacingMergeTree(computed_for)
ORDER BY (app_id, user_id, topic_id, calculation_version)
SETTINGS index_granularity = 256
;
-- which chunks of users a learning job's pass has finished (a retried run resumes after them)
CREATE TABLE IF NOT EXISTS learning_job_chunks
(
    job                 LowCardinality(String),
    app_id              String,
    scheduled_for       DateTime64(3, 'UTC'),
    calculation_version UInt16,
    pass_id             String,
    chunk               UInt32,
    first_user          String,
    last_user           String,
    rows_written        UInt64,
    done_at             DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(done_at)
ORDER BY (job, app_id, scheduled_for, calculation_version, pass_id, chunk)
;
