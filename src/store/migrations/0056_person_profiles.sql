-- User profiles (POST /v1/identify; src/people, docs/enrichment.md). One row per identify call:
-- the traits it set (a JSON object), at the time it names (set_at), so a profile is versioned by
-- time and the traits at any moment are the merge, in set_at order, of the rows up to it. The same
-- call sent twice (same app, user and set_at) replaces itself (the later receipt wins).
-- `user_id` is the person's canonical id: a capture that aliases anonymous ids adds a table of
-- (app_id, alias_id → user_id) beside this one and resolves an alias before it reads here.
CREATE TABLE IF NOT EXISTS person_profiles
(
    app_id      LowCardinality(String),
    user_id     String,
    set_at      DateTime64(3, 'UTC'),
    traits      String CODEC(ZSTD(1)),
    received_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(received_at)
ORDER BY (app_id, user_id, set_at)
;
