// The configuration registry: every environment variable Tally reads, declared once — type,
// default, allowed values or range, unit, group and what it does. The loader (index.ts, kafka.ts,
// trust.ts) takes defaults and ranges from here, `npm run docs:config` writes docs/configuration.md
// from here, and test/config/registry.test.ts fails when a variable is read but not declared,
// declared but not read, or the doc is stale. A variable exists only once it is in this file.

export type ConfigGroup = 'server' | 'store' | 'ingest' | 'limits' | 'raw-sql' | 'privacy' | 'retention' | 'kafka' | 'cdc' | 'jobs' | 'sinks' | 'alerts';

/** Sections of docs/configuration.md, in order. */
export const CONFIG_GROUPS: Readonly<Record<ConfigGroup, string>> = {
  server: 'Server',
  store: 'Store',
  ingest: 'Ingest',
  limits: 'Limits and fairness',
  'raw-sql': 'Raw SQL (`POST /v1/query`)',
  privacy: 'Privacy',
  retention: 'Retention',
  kafka: 'Kafka (scale-out)',
  cdc: 'Postgres change capture',
  jobs: 'Jobs (scheduler, action weights)',
  sinks: 'Exports (sinks: Parquet, S3, PostgreSQL, ClickHouse)',
  alerts: 'Alerts, pipeline monitoring and tracing',
};

interface Common {
  readonly group: ConfigGroup;
  readonly description: string;
  /** listed in the README's short table */
  readonly common?: boolean;
  /** never echoed back in an error message */
  readonly secret?: boolean;
}

export interface IntegerVariable extends Common {
  readonly type: 'integer';
  readonly default: number;
  /** when the default is derived from another variable, how (the number above is then unused) */
  readonly defaultText?: string;
  readonly min: number;
  readonly max: number;
  /** ms, bytes, events, … (none for plain counts) */
  readonly unit?: string;
}

export interface BooleanVariable extends Common {
  readonly type: 'boolean';
  readonly default: boolean;
}

export interface EnumVariable extends Common {
  readonly type: 'enum';
  readonly default: string;
  readonly allowed: readonly string[];
  /** how error messages say the allowed values (default: the list, comma-separated) */
  readonly expected?: string;
}

export interface TextVariable extends Common {
  readonly type: 'text';
  /** undefined = unset (the description says what happens then) */
  readonly default: string | undefined;
  /** the accepted form, as said in error messages and the doc */
  readonly format: string;
}

export type VariableSpec = IntegerVariable | BooleanVariable | EnumVariable | TextVariable;

const MiB = 1024 * 1024;

export const configRegistry = {
  // server
  TALLY_PORT: { group: 'server', type: 'integer', default: 8001, min: 0, max: 65535, common: true, description: 'API port; 0 picks a free port.' },
  TALLY_HOST: { group: 'server', type: 'text', default: '127.0.0.1', format: 'an address or host name', common: true, description: 'Bind address of the API and the metrics endpoint.' },
  TALLY_METRICS_PORT: { group: 'server', type: 'integer', default: 8000, min: 0, max: 65535, common: true, description: 'Prometheus port (`/metrics`); 0 picks a free port.' },
  TALLY_ADMIN_TOKEN: { group: 'server', type: 'text', default: undefined, format: 'at least 16 characters', secret: true, common: true, description: 'Admin bearer token. Unset: generated on first start, stored in `<TALLY_DATA_DIR>/admin.token` (mode 0600) and printed once.' },
  TALLY_LOG_LEVEL: { group: 'server', type: 'enum', default: 'info', allowed: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], common: true, description: 'Log level (pino, JSON lines on stdout).' },
  TALLY_REQUEST_TIMEOUT_MS: { group: 'server', type: 'integer', default: 30_000, min: 1000, max: 3_600_000, unit: 'ms', description: 'A request must arrive whole (headers and body) within this long; headers within 10 s.' },
  TALLY_MAX_CONNECTIONS_PER_IP: { group: 'server', type: 'integer', default: 512, min: 1, max: 1_000_000, unit: 'connections', description: 'Open connections one client address may hold; more are closed at once.' },
  // store
  TALLY_STORE: { group: 'store', type: 'text', default: 'embedded', format: "'embedded' or an http(s):// ClickHouse URL", common: true, description: 'Where events are stored: the engine inside the process, or a ClickHouse server or cluster, e.g. `http://user:pass@host:8123/db`.' },
  TALLY_DATA_DIR: { group: 'store', type: 'text', default: './data', format: 'a directory path (relative to the working directory)', common: true, description: 'Embedded store directory; also holds the generated admin token and install secret. One process owns it at a time.' },
  TALLY_FSYNC: { group: 'store', type: 'boolean', default: true, description: 'fdatasync each ingest log append before acknowledging, and fsync every inserted part (embedded store; on a server, set the parts\' fsync in the server configuration).' },
  TALLY_QUERY_SESSIONS: { group: 'store', type: 'integer', default: 2, min: 1, max: 64, unit: 'sessions', description: 'Engine sessions shared by API queries; ingest and raw SQL have their own.' },
  TALLY_API_QUERY_TIMEOUT_MS: { group: 'store', type: 'integer', default: 30_000, min: 100, max: 3_600_000, unit: 'ms', description: 'Engine time limit of every API query that sets none: insights, reports, listings.' },
  // ingest
  BATCH_SIZE: { group: 'ingest', type: 'integer', default: 20_000, min: 1, max: 1_000_000, unit: 'events', common: true, description: 'Load the ingest log into the store (one insert) as soon as this many events wait; also the Kafka worker\'s batch size.' },
  FLUSH_INTERVAL_MS: { group: 'ingest', type: 'integer', default: 100, min: 1, max: 60_000, unit: 'ms', common: true, description: 'Load the ingest log into the store at the latest this long after the oldest event waiting (the Kafka worker: flush after this long).' },
  TALLY_QUEUE_MAX_EVENTS: { group: 'ingest', type: 'integer', default: 200_000, min: 1, max: 100_000_000, unit: 'events', description: 'Ingest queue bound: events waiting for the log plus events logged and not yet loaded (at most half of it); beyond it ingest answers 503 with `Retry-After`.' },
  TALLY_QUEUE_MAX_BYTES: { group: 'ingest', type: 'integer', default: 256 * MiB, min: 1024, max: 64 * 1024 * MiB, unit: 'bytes', description: 'Ingest queue bound in bytes of encoded rows, counted as for TALLY_QUEUE_MAX_EVENTS; beyond it ingest answers 503.' },
  TALLY_MAX_BODY_BYTES: { group: 'ingest', type: 'integer', default: 16 * MiB, min: 1024, max: 1024 * MiB, unit: 'bytes', description: 'Largest accepted request body, after decompression (413 beyond).' },
  TALLY_MAX_BATCH_EVENTS: { group: 'ingest', type: 'integer', default: 10_000, min: 1, max: 1_000_000, unit: 'events', description: 'Most events in one batch request (413 beyond).' },
  TALLY_MAX_EVENT_AGE_DAYS: { group: 'ingest', type: 'integer', default: 0, min: 0, max: 100_000, unit: 'days', description: 'Events older than this are rejected; 0 = no horizon.' },
  TALLY_QUARANTINE_MAX_PAYLOAD_BYTES: { group: 'ingest', type: 'integer', default: 64 * 1024, min: 256, max: 16 * MiB, unit: 'bytes', description: 'Rejected events are kept in the quarantine up to this size (flagged when cut).' },
  TALLY_INGEST: { group: 'ingest', type: 'enum', default: 'direct', allowed: ['direct', 'kafka'], expected: "'direct' or 'kafka'", common: true, description: 'HTTP ingest writes to the store (`direct`) or produces to Kafka (`kafka`, acks=all) for workers to store; see `docs/kafka.md`.' },
  TALLY_GEOIP: { group: 'ingest', type: 'boolean', default: true, description: 'Look up country, region and city of each event\'s IP at ingest, before it is cut to a prefix, in the GeoLite2 data `geoip-lite` ships (about 120 MB of memory, loaded once at start). See docs/enrichment.md.' },
  TALLY_PROFILE_CACHE_ENTRIES: { group: 'ingest', type: 'integer', default: 100_000, min: 1, max: 100_000_000, unit: 'users', description: 'Users whose profile (role, created_at) ingest keeps in memory to enrich their events; least recently used leave first.' },
  TALLY_PROFILE_CACHE_TTL_MS: { group: 'ingest', type: 'integer', default: 60_000, min: 0, max: 86_400_000, unit: 'ms', description: 'A cached profile is reloaded after this long, so an identify handled by another process reaches this one\'s events within it (this process\'s own identify calls apply at once).' },
  TALLY_DASHBOARD_METRICS_TTL_SECONDS: { group: 'ingest', type: 'integer', default: 60, min: 1, max: 86_400, unit: 'seconds', description: 'The `dashboard_metrics` report is served from the `platform_metrics_realtime` cache this long before it is computed again; expired rows are removed every 15 minutes.' },
  // limits and fairness
  TALLY_RATE_LIMIT_WRITE: { group: 'limits', type: 'integer', default: 5000, min: 0, max: 10_000_000, unit: 'requests/s', description: 'Requests per second per write key; 0 = unlimited.' },
  TALLY_RATE_LIMIT_WRITE_BURST: { group: 'limits', type: 'integer', default: 10_000, defaultText: '2 × `TALLY_RATE_LIMIT_WRITE` (at least 1)', min: 1, max: 100_000_000, unit: 'requests', description: 'Bucket size of a write key: how many requests may come at once.' },
  TALLY_RATE_LIMIT_READ: { group: 'limits', type: 'integer', default: 200, min: 0, max: 10_000_000, unit: 'requests/s', description: 'Requests per second per read key; 0 = unlimited.' },
  TALLY_RATE_LIMIT_READ_BURST: { group: 'limits', type: 'integer', default: 400, defaultText: '2 × `TALLY_RATE_LIMIT_READ` (at least 1)', min: 1, max: 100_000_000, unit: 'requests', description: 'Bucket size of a read key: how many requests may come at once.' },
  TALLY_QUERY_MAX_CONCURRENT_PER_KEY: { group: 'limits', type: 'integer', default: 4, min: 1, max: 1000, unit: 'queries', description: 'Questions (insights, reports, listings, raw SQL) one key may have running at once; beyond, 429.' },
  TALLY_ANSWER_CACHE_TTL_SECONDS: { group: 'limits', type: 'integer', default: 300, min: 0, max: 86_400, unit: 'seconds', description: 'Answers to repeated identical insight and report questions are kept this long, unless new events of the app (or an erasure, retention, a change through the API) come first; 0 = off. Embedded store only (with a server store, other processes write too).' },
  TALLY_ANSWER_CACHE_MAX_BYTES: { group: 'limits', type: 'integer', default: 64 * MiB, min: MiB, max: 64 * 1024 * MiB, unit: 'bytes', description: 'Most bytes of kept answers; the oldest leave first. One answer larger than an eighth of it is not kept.' },
  TALLY_QUERY_SECONDS_PER_MINUTE: { group: 'limits', type: 'integer', default: 60, min: 0, max: 1_000_000, unit: 'seconds', description: 'Query time one key may use per minute, refilled continuously; 0 = unlimited; beyond, 429.' },
  // raw SQL
  TALLY_QUERY_TIMEOUT_MS: { group: 'raw-sql', type: 'integer', default: 5000, min: 100, max: 600_000, unit: 'ms', description: 'Wall-clock limit of one raw query.' },
  TALLY_QUERY_MAX_ROWS: { group: 'raw-sql', type: 'integer', default: 10_000, min: 1, max: 10_000_000, unit: 'rows', description: 'Most result rows of one raw query.' },
  TALLY_QUERY_MAX_MEMORY_BYTES: { group: 'raw-sql', type: 'integer', default: 512 * MiB, min: 16 * MiB, max: 1024 * 1024 * MiB, unit: 'bytes', description: 'Memory limit of one raw query.' },
  TALLY_QUERY_MAX_ROWS_TO_READ: { group: 'raw-sql', type: 'integer', default: 500_000_000, min: 1, max: Number.MAX_SAFE_INTEGER, unit: 'rows', description: 'Most rows one raw query may read from storage.' },
  TALLY_QUERY_MAX_CONCURRENT: { group: 'raw-sql', type: 'integer', default: 1, min: 1, max: 64, unit: 'queries', description: 'Raw queries running at once in the process; more are refused with 429.' },
  // privacy
  TALLY_SCRUB_EMAILS: { group: 'privacy', type: 'boolean', default: true, description: 'Replace e-mail addresses in property strings and URLs.' },
  TALLY_SCRUB_PHONES: { group: 'privacy', type: 'boolean', default: true, description: 'Replace phone numbers in property strings.' },
  TALLY_SCRUB_CARDS: { group: 'privacy', type: 'boolean', default: true, description: 'Replace card numbers that pass the Luhn check.' },
  TALLY_SCRUB_KEYS: { group: 'privacy', type: 'text', default: undefined, format: 'comma-separated property keys of at most 128 characters', description: 'Property keys dropped at any depth, compared case-insensitively. Unset: a built-in list (email, phone, password, ssn, address, date of birth, card numbers, iban, …); empty: none.' },
  TALLY_HASH_SESSION_IDS: { group: 'privacy', type: 'boolean', default: true, description: 'Store session ids as keyed hashes.' },
  TALLY_SESSION_SECRET: { group: 'privacy', type: 'text', default: undefined, format: 'at least 16 characters', secret: true, description: 'Key of the session id hashes. Unset: generated once and kept under the data dir. Several nodes writing one store must share it.' },
  TALLY_STORE_USER_AGENT: { group: 'privacy', type: 'boolean', default: false, description: 'Keep the full user agent string (device, browser and OS are always derived).' },
  // retention
  TALLY_RETENTION: { group: 'retention', type: 'text', common: true, default: 'transaction=7y,interaction=1y,user_activity=2y,content=7y', format: 'a list like transaction=7y,interaction=18mo: category=period, period N d (days), N mo (months), N y (years) or forever', description: 'How long events of each category are kept. `mo` means months (`m` is still read as months for compatibility, but write `mo`: in query durations `m` means minutes). Empty: every category uses `TALLY_RETENTION_DEFAULT`.' },
  TALLY_RETENTION_DEFAULT: { group: 'retention', type: 'text', default: '90d', format: 'a period: N d, N mo, N y (1-99999) or forever', description: 'Retention of every category `TALLY_RETENTION` does not name.' },
  TALLY_AUDIT_RETENTION_DAYS: { group: 'retention', type: 'integer', default: 730, min: 1, max: 100_000, unit: 'days', description: 'How long audit log rows are kept.' },
  // kafka
  KAFKA_BOOTSTRAP_SERVERS: { group: 'kafka', type: 'text', default: '127.0.0.1:9092', format: 'a comma-separated list of host:port', common: true, description: 'Kafka brokers.' },
  KAFKA_TOPIC: { group: 'kafka', type: 'text', default: 'tally.events', format: 'a Kafka topic name ([A-Za-z0-9._-], 1-240 characters)', common: true, description: 'Topic of HTTP-ingested events; its dead letters go to `<topic>.dlq`.' },
  KAFKA_GROUP_ID: { group: 'kafka', type: 'text', default: 'tally-worker', format: 'at most 200 characters', common: true, description: 'Consumer group of the workers.' },
  KAFKA_CLIENT_ID: { group: 'kafka', type: 'text', default: 'tally', format: '[A-Za-z0-9._-], 1-100 characters', description: 'Client id prefix.' },
  KAFKA_COMPRESSION: { group: 'kafka', type: 'enum', default: 'lz4', allowed: ['none', 'gzip', 'snappy', 'lz4', 'zstd'], description: 'Producer: record batch compression.' },
  KAFKA_LINGER_MS: { group: 'kafka', type: 'integer', default: 2, min: 0, max: 10_000, unit: 'ms', description: 'Producer: wait this long for more requests to share one produce call.' },
  KAFKA_PRODUCE_CONCURRENCY: { group: 'kafka', type: 'integer', default: 4, min: 1, max: 64, unit: 'calls', description: 'Producer: produce calls in flight at once; 1 = strict per-user order even across failures.' },
  KAFKA_MAX_IN_FLIGHT_EVENTS: { group: 'kafka', type: 'integer', default: 200_000, min: 1, max: 100_000_000, unit: 'events', description: 'Producer: most events queued or being produced; beyond it ingest answers 503.' },
  KAFKA_PRODUCE_TIMEOUT_MS: { group: 'kafka', type: 'integer', default: 15_000, min: 100, max: 600_000, unit: 'ms', description: 'Producer: give up on a produce call (and answer 503) after this long.' },
  KAFKA_SESSION_TIMEOUT_MS: { group: 'kafka', type: 'integer', default: 10_000, min: 6000, max: 300_000, unit: 'ms', description: "Consumer: group session timeout (the broker's minimum is 6000)." },
  KAFKA_WORKER_MAX_IN_FLIGHT: { group: 'kafka', type: 'integer', default: 3, min: 1, max: 64, unit: 'batches', description: 'Worker: most batches submitted to the store and not yet committed; the consumer pauses beyond it.' },
  KAFKA_WORKER_RETRY_MS: { group: 'kafka', type: 'integer', default: 500, min: 10, max: 60_000, unit: 'ms', description: 'Worker: first retry delay after a store error, doubled up to 30 s.' },
  TALLY_KAFKA_WORKER: { group: 'kafka', type: 'enum', default: 'auto', allowed: ['auto', 'on', 'off'], expected: 'auto, on or off', description: 'Does `tally serve` with `TALLY_INGEST=kafka` also consume? `auto`: only with the embedded store, whose engine it owns; `off`: an ingest-only node.' },
  TALLY_KAFKA_MAPPINGS: { group: 'kafka', type: 'text', default: undefined, format: 'inline JSON or the path of a JSON file: { "<topic>": { "app_id", "event_name", "user_id"?, "timestamp"?, "session_id"?, "event_id"? } }', description: 'Change-capture topics the worker also consumes, and how their rows become events (see `docs/kafka.md`).' },
  // postgres change capture (docs/cdc.md)
  TALLY_CDC_URL: { group: 'cdc', type: 'text', default: undefined, format: 'a postgres:// or postgresql:// URL', secret: true, description: 'PostgreSQL database to capture (logical replication, `pgoutput`). Set: `tally cdc` captures, and so does `tally serve` with the embedded store.' },
  TALLY_CDC_MAPPINGS: { group: 'cdc', type: 'text', default: undefined, format: 'inline JSON or the path of a JSON file: { "<schema.table>": { "app_id", "event_name" | "event_name_column", "user_id"?, "timestamp"?, "session_id"?, "event_id"?, "category"?, "updates"?, "deletes"?, "topic"? } }', description: 'Captured tables and how their rows become events; the format of `TALLY_KAFKA_MAPPINGS`, keyed by `schema.table` (see `docs/cdc.md`).' },
  TALLY_CDC_SLOT: { group: 'cdc', type: 'text', default: 'tally_cdc', format: 'a slot name ([a-z0-9_], 1-63 characters)', description: 'Logical replication slot; created when missing.' },
  TALLY_CDC_PUBLICATION: { group: 'cdc', type: 'text', default: 'tally_cdc', format: 'a publication name ([a-z0-9_], 1-63 characters)', description: 'Publication of the mapped tables; created when missing, mapped tables added to it.' },
  TALLY_CDC_SNAPSHOT: { group: 'cdc', type: 'boolean', default: true, description: 'Copy the rows that exist when the slot is created (consistent with the stream), before streaming.' },
  TALLY_CDC_MAX_SLOT_WAL_BYTES: { group: 'cdc', type: 'integer', default: 1024 * MiB, min: MiB, max: 1024 * 1024 * MiB, unit: 'bytes', description: 'WAL the slot may hold back before a warning and `analytics_cdc_slot_over_bound` (PostgreSQL keeps that WAL until Tally confirms it).' },
  TALLY_CDC_RETRY_MS: { group: 'cdc', type: 'integer', default: 500, min: 10, max: 60_000, unit: 'ms', description: 'First delay before reconnecting or re-storing after an error, doubled up to 30 s.' },
  // jobs
  TALLY_JOBS_SCHEDULER: { group: 'jobs', type: 'enum', default: 'auto', allowed: ['auto', 'on', 'off'], expected: 'auto, on or off', description: 'Does `tally serve` run the scheduled jobs? `auto`: only with the embedded store, whose engine it owns; with a server store run `tally jobs` (a lease keeps one runner per job). See `docs/jobs.md`.' },
  TALLY_JOBS_RETRY_ATTEMPTS: { group: 'jobs', type: 'integer', default: 3, min: 1, max: 10, unit: 'attempts', description: 'Attempts per job run, the first included; then the run is `failed`.' },
  TALLY_JOBS_RETRY_BASE_MS: { group: 'jobs', type: 'integer', default: 30_000, min: 10, max: 3_600_000, unit: 'ms', description: 'Delay before the first retry, doubled per retry up to 10 min, half of it random (jitter).' },
  TALLY_JOBS_CATCH_UP: { group: 'jobs', type: 'enum', default: 'all', allowed: ['all', 'latest', 'none'], expected: 'all, latest or none', description: 'Scheduled times missed while Tally was stopped: run all of them (at most 100 per job), only the latest, or none.' },
  TALLY_JOBS_LEASE_MS: { group: 'jobs', type: 'integer', default: 60_000, min: 1000, max: 3_600_000, unit: 'ms', description: 'Server store: a job lease not renewed for this long passes to another `tally jobs` process.' },
  TALLY_ACTION_WEIGHTS_SCHEDULE: { group: 'jobs', type: 'text', default: '0 3 * * *', format: 'a cron expression (5 or 6 fields, UTC)', description: 'When the `action_weights` job runs for every app (seed 000\'s nightly weight update).' },
  TALLY_ACTION_WEIGHTS_DSN: { group: 'jobs', type: 'text', default: undefined, format: 'a postgres:// or postgresql:// URL', secret: true, description: 'PostgreSQL database the action weights are written back to. Unset: `TALLY_CDC_URL`; neither set: weights are kept in Tally only.' },
  TALLY_ACTION_WEIGHTS_TABLE: { group: 'jobs', type: 'text', default: 'public.action_weights', format: 'schema.table ([a-z_][a-z0-9_]*, each part at most 63 characters)', description: 'Table the action weights are upserted into (created when missing).' },
  TALLY_ACTION_WEIGHTS_LOOKBACK_DAYS: { group: 'jobs', type: 'integer', default: 30, min: 1, max: 3650, unit: 'days', description: 'Default window of a run: rewards of the days before its scheduled time.' },
  TALLY_ACTION_WEIGHTS_TEMPERATURE: { group: 'jobs', type: 'text', default: '1', format: 'a number from 0.001 to 1000', description: 'Default softmax temperature: lower sharpens the weights towards the best action, higher flattens them.' },
  // sinks (docs/export.md)
  TALLY_SINKS_SCHEDULE: { group: 'sinks', type: 'text', default: '* * * * *', format: 'a cron expression (5 or 6 fields, UTC)', description: 'When the `sink_sync` job exports what is new to every sink (every minute by default).' },
  TALLY_SINKS_BATCH_ROWS: { group: 'sinks', type: 'integer', default: 50_000, min: 100, max: 1_000_000, unit: 'rows', description: 'Most rows in one export batch (a sink may set a smaller `batch_rows`).' },
  TALLY_SINKS_MAX_BATCHES_PER_SYNC: { group: 'sinks', type: 'integer', default: 20, min: 1, max: 1000, unit: 'batches', description: 'Most batches one sync of one sink runs; the next sync continues from the cursor.' },
  TALLY_SINKS_RETRY_ATTEMPTS: { group: 'sinks', type: 'integer', default: 3, min: 1, max: 10, unit: 'attempts', description: 'Attempts per batch, the first included; then the batch is `failed` and waits for a manual sync.' },
  TALLY_SINKS_RETRY_BASE_MS: { group: 'sinks', type: 'integer', default: 2000, min: 1, max: 600_000, unit: 'ms', description: 'Delay before the first retry of a batch, doubled per retry (exponential backoff), half of it random.' },
  TALLY_SINKS_SETTLE_MS: { group: 'sinks', type: 'integer', default: 5000, min: 0, max: 600_000, unit: 'ms', description: 'A batch takes only rows stored at least this long ago, so an insert still committing when the batch is planned is never skipped.' },
  TALLY_SINKS_CONNECT_TIMEOUT_MS: { group: 'sinks', type: 'integer', default: 10_000, min: 100, max: 600_000, unit: 'ms', description: 'Connecting to a PostgreSQL or ClickHouse sink gives up after this long (the attempt fails and is retried).' },
  // alerts, pipeline monitoring and tracing (docs/alerts.md)
  TALLY_ALERTS_SCHEDULE: { group: 'alerts', type: 'text', default: '* * * * *', format: 'a cron expression (5 or 6 fields, UTC)', description: 'When the `alerts_evaluate` job runs; each rule is evaluated at the first run after its `every` has passed.' },
  TALLY_ALERTS_DELIVERY_ATTEMPTS: { group: 'alerts', type: 'integer', default: 5, min: 1, max: 20, unit: 'attempts', description: 'Attempts per webhook delivery, the first included (network errors, 429 and 5xx are retried; other 4xx are not).' },
  TALLY_ALERTS_DELIVERY_RETRY_BASE_MS: { group: 'alerts', type: 'integer', default: 1000, min: 1, max: 600_000, unit: 'ms', description: 'Delay before the first delivery retry, doubled per retry (exponential backoff), half of it random.' },
  TALLY_ALERTS_DELIVERY_TIMEOUT_MS: { group: 'alerts', type: 'integer', default: 10_000, min: 100, max: 120_000, unit: 'ms', description: 'One delivery attempt gives up after this long.' },
  TALLY_ALERTS_MAX_RULES_PER_APP: { group: 'alerts', type: 'integer', default: 100, min: 1, max: 10_000, unit: 'rules', description: 'Most alert rules one app may have.' },
  TALLY_ALERTS_WEBHOOK_PRIVATE_NETWORKS: { group: 'alerts', type: 'boolean', default: false, description: 'Let app alert webhooks reach loopback, private, link-local and other non-public addresses. Off: a rule with such a URL is refused (a literal address) or its deliveries fail (a name that resolves there, checked on the connection). The pipeline webhook may always.' },
  TALLY_ALERTS_PIPELINE_RULES: { group: 'alerts', type: 'boolean', default: true, description: 'Evaluate the built-in pipeline rules (ingest lag, error rate, dead letters, quarantine, schema drift, jobs, sinks, change capture, slow queries).' },
  TALLY_ALERTS_PIPELINE_WEBHOOK_URL: { group: 'alerts', type: 'text', default: undefined, format: 'an http:// or https:// URL', description: 'Where the built-in pipeline rules deliver. Unset: their state changes are kept in their history and logged only.' },
  TALLY_ALERTS_PIPELINE_WEBHOOK_SECRET: { group: 'alerts', type: 'text', default: undefined, format: '8 to 256 characters (required with the URL)', secret: true, description: 'HMAC-SHA256 key of the pipeline webhook signatures.' },
  TALLY_ALERTS_PIPELINE_WEBHOOK_FORMAT: { group: 'alerts', type: 'enum', default: 'tally', allowed: ['tally', 'slack', 'alertmanager'], description: 'Payload format of the pipeline webhook.' },
  TALLY_ALERTS_PIPELINE_WINDOW_SECONDS: { group: 'alerts', type: 'integer', default: 300, min: 60, max: 86_400, unit: 'seconds', description: 'The window the pipeline rules count over (failures, quarantined events, slow queries, …).' },
  TALLY_ALERTS_INGEST_LAG_SECONDS: { group: 'alerts', type: 'integer', default: 60, min: 1, max: 86_400, unit: 'seconds', description: 'Ingest lag objective: the p99 receive-to-queryable lag over the window above it fires `ingest_lag`.' },
  TALLY_ALERTS_ERROR_RATE_PERCENT: { group: 'alerts', type: 'text', default: '1', format: 'a number above 0 and at most 100', description: 'Pipeline errors per 100 events consumed over the window above it fire `pipeline_error_rate`.' },
  TALLY_ALERTS_DEAD_LETTERS: { group: 'alerts', type: 'integer', default: 1, min: 1, max: 100_000_000, unit: 'messages', description: 'Kafka dead letters in the window at or above it fire `dead_letter_growth`.' },
  TALLY_ALERTS_QUARANTINE_SPIKE: { group: 'alerts', type: 'integer', default: 100, min: 1, max: 100_000_000, unit: 'events', description: 'Events quarantined in the window at or above it fire `quarantine_spike`.' },
  TALLY_ALERTS_SCHEMA_DRIFT: { group: 'alerts', type: 'integer', default: 1, min: 1, max: 100_000, unit: 'names', description: 'Event names outside an app\'s tracking plan seen in the window (apps with a plan), plus schema mismatches, at or above it fire `schema_drift`.' },
  TALLY_ALERTS_JOB_FAILURES: { group: 'alerts', type: 'integer', default: 1, min: 1, max: 100_000, unit: 'runs', description: 'Job runs failed in the window at or above it fire `job_failures`.' },
  TALLY_ALERTS_SINK_FAILURES: { group: 'alerts', type: 'integer', default: 1, min: 1, max: 100_000, unit: 'batches', description: 'Sink batches failed in the window at or above it fire `sink_failures`.' },
  TALLY_ALERTS_CDC_SLOT_LAG_BYTES: { group: 'alerts', type: 'integer', default: 1024 * MiB, min: 1, max: 1024 * 1024 * MiB, unit: 'bytes', description: 'Change-capture replication slot lag above it fires `cdc_slot_lag`.' },
  TALLY_ALERTS_SLOW_QUERY_MS: { group: 'alerts', type: 'integer', default: 5000, min: 1, max: 3_600_000, unit: 'ms', description: 'An insight query slower than this in the window fires `slow_queries`.' },
  TALLY_SLOW_QUERY_LOG_MS: { group: 'alerts', type: 'integer', default: 1000, min: 1, max: 3_600_000, unit: 'ms', description: 'An insight query slower than this is logged (warn) with its analysis name and spec hash.' },
  OTEL_EXPORTER_OTLP_ENDPOINT: { group: 'alerts', type: 'text', default: undefined, format: 'an http:// or https:// URL', description: 'OpenTelemetry: base URL of an OTLP/HTTP collector; spans go to `<url>/v1/traces`. Unset (and no traces endpoint): no spans are exported.' },
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: { group: 'alerts', type: 'text', default: undefined, format: 'an http:// or https:// URL', description: 'OpenTelemetry: the full OTLP/HTTP traces URL; wins over `OTEL_EXPORTER_OTLP_ENDPOINT`.' },
  OTEL_SERVICE_NAME: { group: 'alerts', type: 'text', default: 'tally', format: 'a service name', description: 'OpenTelemetry: `service.name` of the exported spans.' },
} as const satisfies Readonly<Record<string, VariableSpec>>;

export type ConfigRegistry = typeof configRegistry;
export type VariableName = keyof ConfigRegistry;
type NamesOf<T extends VariableSpec['type']> = { [K in VariableName]: ConfigRegistry[K]['type'] extends T ? K : never }[VariableName];
export type IntegerName = NamesOf<'integer'>;
export type BooleanName = NamesOf<'boolean'>;
export type EnumName = NamesOf<'enum'>;
export type TextName = NamesOf<'text'>;

/** The declaration of one variable. */
export function variable(name: VariableName): VariableSpec {
  return configRegistry[name];
}

/** Every declared variable, with its name, in registry order. */
export function variables(): ReadonlyArray<VariableSpec & { readonly name: VariableName }> {
  return (Object.keys(configRegistry) as VariableName[]).map((name) => ({ ...variable(name), name }));
}
