-- Action weights (src/learning, seed 000): one row per computation, keyed by the app and the end of
-- its window, so re-running a day replaces that day's row and every other day stays as history.
-- The arrays are parallel, ordered by action type.
CREATE TABLE IF NOT EXISTS action_weights
(
    app_id              String,
    computed_for        DateTime64(3, 'UTC'),
    computed_at         DateTime64(3, 'UTC'),
    calculation_version UInt16,
    run_id              String,
    lookback_days       UInt32,
    temperature         Float64,
    concept_events      UInt64,
    actions             UInt64,
    matched             UInt64,
    action_types        Array(String),
    weights             Array(Float64),
    avg_rewards         Array(Float64),
    counts              Array(UInt64)
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (app_id, computed_for)
;
