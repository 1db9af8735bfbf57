-- Seed 004's event fields, first-class (docs/enrichment.md):
--   entity_type, entity_id   what the event is about (a project, a proposal), as the client sends it
--   metadata                 free-form JSON object text, like properties but about the emission (seed 004)
--   source                   where the event was emitted (web, ios, api, …)
--   region, city             the IP's geography, looked up at ingest before the IP is cut to a prefix
--   user_role, user_tenure_days  the user's profile at the event's time (POST /v1/identify)
-- Rows stored before this migration read '' / '{}' / NULL.
ALTER TABLE events
    ADD COLUMN IF NOT EXISTS entity_type LowCardinality(String) AFTER user_agent,
    ADD COLUMN IF NOT EXISTS entity_id String AFTER entity_type,
    ADD COLUMN IF NOT EXISTS metadata String DEFAULT '{}' CODEC(ZSTD(1)) AFTER entity_id,
    ADD COLUMN IF NOT EXISTS source LowCardinality(String) AFTER metadata,
    ADD COLUMN IF NOT EXISTS region LowCardinality(String) AFTER source,
    ADD COLUMN IF NOT EXISTS city LowCardinality(String) AFTER region,
    ADD COLUMN IF NOT EXISTS user_role LowCardinality(String) AFTER city,
    ADD COLUMN IF NOT EXISTS user_tenure_days Nullable(Int32) AFTER user_role
;
