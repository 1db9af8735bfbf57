-- Alerts (src/alerts, docs/alerts.md). `alert_rules`: one row per rule, rewritten with a newer
-- version when it changes (a FINAL read is the current rule; `deleted` retires it). `definition`
-- is the rule as JSON (trend, condition, every, cooldown, webhook url and format); the webhook
-- secret is kept apart so no listing can show it. Built-in pipeline rules are not stored: their
-- silences are (alert_id `pipeline:<name>`, app_id '').
CREATE TABLE IF NOT EXISTS alert_rules
(
    alert_id       String,
    app_id         String,
    name           String,
    definition     String,
    secret         String,
    silenced_until Nullable(DateTime64(3, 'UTC')),
    created_at     DateTime64(3, 'UTC'),
    deleted        UInt8,
    version        UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY alert_id
;
-- Where each rule stands between evaluations: its state (ok, pending, firing), since when its
-- condition has held, when it was last evaluated and when it last notified (for the cooldown).
CREATE TABLE IF NOT EXISTS alert_state
(
    alert_id          String,
    state             LowCardinality(String),
    breach_since      Nullable(DateTime64(3, 'UTC')),
    evaluated_at      DateTime64(3, 'UTC'),
    firing_notified   UInt8,
    last_notified_at  Nullable(DateTime64(3, 'UTC')),
    version           UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY alert_id
;
-- The history of each rule (GET /v1/alerts/{id}/events): one row per evaluation that changed its
-- state, per delivery (notification or test) and per evaluation while firing, with the value, the
-- band, the state change and the delivery result. Kept 90 days.
CREATE TABLE IF NOT EXISTS alert_events
(
    alert_id        String,
    app_id          String,
    at              DateTime64(3, 'UTC'),
    kind            LowCardinality(String),
    value           Nullable(Float64),
    band_low        Nullable(Float64),
    band_high       Nullable(Float64),
    previous_state  LowCardinality(String),
    state           LowCardinality(String),
    delivery        LowCardinality(String),
    delivery_id     String,
    attempts        UInt16,
    http_status     UInt16,
    error           String,
    message         String
)
ENGINE = MergeTree
ORDER BY (alert_id, at)
TTL toDateTime(at) + INTERVAL 90 DAY
;
-- The delivery log: one row per webhook attempt (url without query string, status, error, time).
CREATE TABLE IF NOT EXISTS alert_deliveries
(
    delivery_id  String,
    alert_id     String,
    app_id       String,
    attempt      UInt16,
    at           DateTime64(3, 'UTC'),
    url          String,
    format       LowCardinality(String),
    state        LowCardinality(String),
    http_status  UInt16,
    error        String,
    duration_ms  UInt32
)
ENGINE = MergeTree
ORDER BY (alert_id, at, delivery_id, attempt)
TTL toDateTime(at) + INTERVAL 90 DAY
;
