-- Scheduled jobs (src/jobs): one row per run, rewritten with a newer version at each state change
-- (queued → running → succeeded / failed / skipped; each retry raises `attempt`), so the run
-- history is a FINAL read. Runs are kept for a year.
CREATE TABLE IF NOT EXISTS job_runs
(
    run_id       String,
    job          LowCardinality(String),
    app_id       String,
    parameters   String,
    trigger      LowCardinality(String),
    scheduled_at DateTime64(3, 'UTC'),
    queued_at    DateTime64(3, 'UTC'),
    started_at   Nullable(DateTime64(3, 'UTC')),
    finished_at  Nullable(DateTime64(3, 'UTC')),
    status       LowCardinality(String),
    attempt      UInt8,
    rows_done    UInt64,
    error        String,
    summary      String,
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (job, run_id)
TTL toDateTime(queued_at) + INTERVAL 365 DAY
;
-- One runner per job across processes (a server store, several `tally jobs`): each holder writes
-- claims and renewals; the holder whose live claim is oldest holds the job (lease.ts).
CREATE TABLE IF NOT EXISTS job_leases
(
    job        LowCardinality(String),
    holder     String,
    since_ms   UInt64,
    expires_ms UInt64,
    written_ms UInt64,
    -- the wall-clock time of the insert, for expiry: the times above come from the scheduler's clock
    inserted_at DateTime DEFAULT now()
)
ENGINE = MergeTree
ORDER BY (job, holder, written_ms)
TTL inserted_at + INTERVAL 7 DAY
;
