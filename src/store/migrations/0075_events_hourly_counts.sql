-- Events per (app, event name, UTC hour), as a projection of `events` itself: the engine keeps it in
-- every part, so it holds exactly the rows the part holds — through merges, TTL deletes (retention)
-- and erasures (lightweight_mutation_projection_mode = 'rebuild') — which a separate rollup table
-- cannot promise. A count trend reads its whole hours from it (src/query/trends.ts); the engine picks
-- the projection on its own when a query's keys and filters are expressions of its keys. Parts
-- written before this migration get it from the mutation below, in the background; until then the
-- engine reads their rows.
ALTER TABLE events ADD PROJECTION IF NOT EXISTS hourly_counts (SELECT app_id, event_name, toStartOfHour(timestamp), count() GROUP BY app_id, event_name, toStartOfHour(timestamp));
ALTER TABLE events MATERIALIZE PROJECTION hourly_counts;
