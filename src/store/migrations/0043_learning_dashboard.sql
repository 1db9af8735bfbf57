-- The learner dashboard in one row (seed 002: "User dashboard → user_learning_metrics, < 10 ms"):
-- user_learning_metrics also keeps the learner's daily rows of the 90 days ending on its as_of_date,
-- as parallel arrays ordered by day, so the dashboard is one key lookup.
ALTER TABLE user_learning_metrics
    ADD COLUMN IF NOT EXISTS daily_dates         Array(Date),
    ADD COLUMN IF NOT EXISTS daily_questions     Array(UInt64),
    ADD COLUMN IF NOT EXISTS daily_correct       Array(UInt64),
    ADD COLUMN IF NOT EXISTS daily_materials     Array(UInt64),
    ADD COLUMN IF NOT EXISTS daily_study_seconds Array(Float64),
    ADD COLUMN IF NOT EXISTS daily_sessions      Array(UInt64),
    ADD COLUMN IF NOT EXISTS daily_topics        Array(UInt64)
;
