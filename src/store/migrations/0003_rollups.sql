-- Hourly rollup of events per (app, UTC hour, category, event name), kept by a materialized view on
-- every insert into `events` (the tumbling windows of seed 001, done by the engine itself).
-- States, not numbers, so any set of hours merges into exact daily/weekly answers:
--   events       countState()              number of events
--   users        uniqState(user_id)        approximate distinct users (adaptive sampling)
--   users_exact  uniqExactState(user_id)   exact distinct users (a set of hashes per row)
--   revenue      sumState(revenue)         sum of the numeric `revenue` property (0 when absent)
-- Only events inserted after this migration are rolled up; see docs/rollups.md for rebuilding.
CREATE TABLE IF NOT EXISTS events_hourly
(
    app_id      LowCardinality(String),
    hour        DateTime('UTC'),
    category    LowCardinality(String),
    event_name  LowCardinality(String),
    events      AggregateFunction(count),
    users       AggregateFunction(uniq, String),
    users_exact AggregateFunction(uniqExact, String),
    revenue     AggregateFunction(sum, Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (app_id, hour, category, event_name)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS events_hourly_mv TO events_hourly AS
SELECT
    app_id,
    toStartOfHour(timestamp, 'UTC') AS hour,
    category,
    event_name,
    countState() AS events,
    uniqState(user_id) AS users,
    uniqExactState(user_id) AS users_exact,
    sumState(ifNull(toFloat64OrNull(if(JSONType(properties, 'revenue') = 'String', JSONExtractString(properties, 'revenue'), JSONExtractRaw(properties, 'revenue'))), 0)) AS revenue
FROM events
GROUP BY app_id, hour, category, event_name
;
