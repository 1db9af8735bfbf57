-- The learner dashboard in one row and one column (seed 002: "User dashboard → user_learning_metrics,
-- < 10 ms"): user_learning_metrics also keeps, as JSON text, the as-of day, the 7/30/90-day figures
-- and the learner's daily rows of the 90 days ending on that day, so the dashboard reads one value
-- by key (one column: a point read costs per column read).
ALTER TABLE user_learning_metrics ADD COLUMN IF NOT EXISTS dashboard String CODEC(ZSTD(1))
;
