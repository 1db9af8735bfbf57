-- The ids of one person (docs/people.md): Segment identify/alias and PostHog $identify/$create_alias
-- link an id (an anonymous id, a former user id) to the person's canonical id. One row per link as
-- sent; the same link sent again replaces itself. An id belongs to the person it was FIRST linked
-- to (the earliest linked_at, then the earliest receipt): readers take argMin, so a later link of
-- the same id to someone else never moves it. Links never rewrite stored events; insights resolve
-- an event's user_id through this table when they count people (src/query/person-ids.ts).
-- Columns: user_id is the person (the canonical id), anonymous_id the id linked to it (an anonymous
-- id or a former user id) — the names GDPR erasure and export look for, so both directions of a
-- link are found for either id.
CREATE TABLE IF NOT EXISTS person_aliases
(
    app_id       LowCardinality(String),
    anonymous_id String,
    user_id      String,
    linked_at    DateTime64(3, 'UTC'),
    received_at  DateTime64(3, 'UTC'),
    via          LowCardinality(String)
)
ENGINE = ReplacingMergeTree(received_at)
ORDER BY (app_id, anonymous_id, user_id, linked_at)
;
