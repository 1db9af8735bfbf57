// The one error registry. Every error a client can see has a stable code, an HTTP status and a
// message template; rejected-event receipts use the same codes. docs/errors.md lists them all and
// a test keeps the two in sync. Never put engine internals or stack traces in a message.

export interface ErrorSpec {
  readonly status: number;
  readonly message: string;
  /** true when the same request may succeed later unchanged (overload, store unavailable). */
  readonly canRetry: boolean;
}

function spec(status: number, message: string, canRetry = false): ErrorSpec {
  return { status, message, canRetry };
}

export const errorRegistry = {
  // configuration
  TALLY_ERR_CONFIG_INVALID: spec(500, 'invalid configuration: %s'),

  // authentication / authorisation
  TALLY_ERR_AUTH_MISSING: spec(401, 'missing bearer token'),
  TALLY_ERR_AUTH_INVALID: spec(401, 'invalid or revoked key'),
  TALLY_ERR_AUTH_FORBIDDEN: spec(403, 'this key may not %s'),

  // request shape
  TALLY_ERR_REQUEST_INVALID: spec(400, 'invalid request: %s'),
  TALLY_ERR_REQUEST_BODY_TOO_LARGE: spec(413, 'request body exceeds %s bytes'),
  TALLY_ERR_REQUEST_TOO_MANY_EVENTS: spec(413, 'a batch may hold at most %s events'),
  TALLY_ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE: spec(415, 'unsupported content type: %s'),
  TALLY_ERR_REQUEST_BAD_ENCODING: spec(400, 'request body could not be decoded: %s'),
  TALLY_ERR_NOT_FOUND: spec(404, 'not found: %s'),
  TALLY_ERR_APP_EXISTS: spec(409, 'app already exists: %s'),
  TALLY_ERR_APP_UNKNOWN: spec(404, 'unknown app: %s'),

  // per-event rejections (appear in receipts)
  TALLY_ERR_EVENT_NOT_OBJECT: spec(400, 'event must be a JSON object'),
  TALLY_ERR_EVENT_UNKNOWN_FIELD: spec(400, 'unknown field: %s'),
  TALLY_ERR_EVENT_MISSING_FIELD: spec(400, 'missing required field: %s'),
  TALLY_ERR_EVENT_INVALID_FIELD: spec(400, 'invalid field %s: %s'),
  TALLY_ERR_EVENT_MISSING_IDENTITY: spec(400, 'event needs user_id or anonymous_id'),
  TALLY_ERR_EVENT_INVALID_ID: spec(400, 'event_id must be a UUID'),
  TALLY_ERR_EVENT_INVALID_TIMESTAMP: spec(400, 'timestamp must be an ISO 8601 string or epoch milliseconds: %s'),
  TALLY_ERR_EVENT_TIMESTAMP_IN_FUTURE: spec(400, 'timestamp is more than a day in the future: %s'),
  TALLY_ERR_EVENT_TIMESTAMP_TOO_OLD: spec(400, 'timestamp is older than the accepted horizon: %s'),
  TALLY_ERR_EVENT_APP_MISMATCH: spec(403, 'this write key may not ingest into app %s'),
  TALLY_ERR_EVENT_PROPERTIES_TOO_MANY: spec(400, 'too many properties at %s (limit %s)'),
  TALLY_ERR_EVENT_PROPERTIES_TOO_DEEP: spec(400, 'properties nested deeper than %s levels'),
  TALLY_ERR_EVENT_PROPERTY_KEY_TOO_LONG: spec(400, 'property key longer than %s characters: %s'),
  TALLY_ERR_EVENT_PROPERTY_VALUE_TOO_LONG: spec(400, 'property string longer than %s characters at %s'),
  TALLY_ERR_EVENT_TOO_LARGE: spec(400, 'event exceeds %s bytes'),
  TALLY_ERR_EVENT_TOO_DEEP: spec(400, 'field %s nests deeper than %s levels'),

  // ingest pipeline
  TALLY_ERR_INGEST_OVERLOADED: spec(503, 'ingest queue is full; retry after %s s', true),
  TALLY_ERR_INGEST_SHUTTING_DOWN: spec(503, 'server is shutting down; retry shortly', true),
  TALLY_ERR_STORE_UNAVAILABLE: spec(503, 'the event store could not commit the batch; retry', true),
  TALLY_ERR_INGEST_UNSTORABLE: spec(422, 'the event store refused this event; it was quarantined and other events were stored'),

  // queries and reports
  TALLY_ERR_QUERY_INVALID: spec(400, 'invalid query: %s'),
  TALLY_ERR_QUERY_FAILED: spec(500, 'the query failed'),
  TALLY_ERR_REPORT_UNKNOWN_TEMPLATE: spec(400, 'unknown report template: %s'),
  TALLY_ERR_CURSOR_INVALID: spec(400, 'invalid cursor'),
  TALLY_ERR_PROPERTY_COLUMN_LIMIT: spec(409, 'the store keeps at most %s properties in columns of their own; drop one first'),
  TALLY_ERR_PROPERTY_COLUMN_UNSUPPORTED: spec(409, 'properties cannot be materialized here: %s'),

  // insights: trends, aggregations, segments
  TALLY_ERR_QUERY_TOO_MANY_BUCKETS: spec(400, 'the range holds %s %s buckets (limit %s); use a wider interval or a shorter range'),
  TALLY_ERR_SEGMENT_UNKNOWN: spec(404, 'unknown saved segment: %s'),
  TALLY_ERR_DASHBOARD_UNKNOWN: spec(404, 'unknown dashboard: %s'),

  // experiments: bounded analysis, run off the event loop
  TALLY_ERR_EXPERIMENT_TOO_MANY_VARIANTS: spec(400, 'an experiment analyses at most %s variants: %s'),
  TALLY_ERR_ANALYSIS_BUSY: spec(503, 'too many experiment analyses are waiting; retry after %s s', true),
  TALLY_ERR_ANALYSIS_TIMEOUT: spec(503, 'the experiment analysis took longer than %s ms; retry after %s s', true),
  TALLY_ERR_ANALYSIS_CLOSED: spec(503, 'the server is shutting down; retry shortly', true),

  // tracking plans: schema registry and quarantine
  TALLY_ERR_INGEST_SCHEMA_MISMATCH: spec(400, 'properties do not match the schema of %s (v%s): %s'),
  TALLY_ERR_SCHEMA_INVALID: spec(400, 'invalid schema: %s'),
  TALLY_ERR_SCHEMA_TOO_LARGE: spec(413, 'schema exceeds %s bytes'),
  TALLY_ERR_SCHEMA_LIMIT: spec(409, 'schema limit reached: %s'),
  TALLY_ERR_SCHEMA_UNKNOWN: spec(404, 'no schema registered for event %s in app %s'),

  // trust: keys and rate limits, raw SQL, privacy, GDPR, audit
  TALLY_ERR_RATE_LIMITED: spec(429, 'rate limit of this key exceeded; retry after %s s', true),
  TALLY_ERR_KEY_UNKNOWN: spec(404, 'unknown key %s for app %s'),
  TALLY_ERR_QUERY_FORBIDDEN: spec(403, 'query refused [%s]: %s'),
  TALLY_ERR_QUERY_LIMIT: spec(422, 'query stopped [%s]: it exceeded the %s limit'),
  TALLY_ERR_QUERY_BUSY: spec(429, 'too many raw queries running; retry after %s s', true),
  TALLY_ERR_QUERY_BUDGET: spec(429, 'this key has used its query budget (%s); retry after %s s', true),
  TALLY_ERR_ERASURE_UNKNOWN: spec(404, 'unknown erasure receipt: %s'),

  // scale-out: Kafka ingest and workers (the decode codes are dead-letter reasons, in message headers)
  TALLY_ERR_KAFKA_UNAVAILABLE: spec(503, 'the event log did not acknowledge the events; retry', true),
  TALLY_ERR_KAFKA_UNDECODABLE: spec(400, 'Kafka message could not be decoded: %s'),
  TALLY_ERR_KAFKA_BAD_ROW: spec(400, 'Kafka event row is invalid: %s'),
  TALLY_ERR_KAFKA_UNKNOWN_SCHEMA: spec(400, 'unsupported Kafka message schema: %s'),

  // Postgres change capture (docs/cdc.md): start-up refusals, and the reason of rows kept in the quarantine
  TALLY_ERR_CDC_WAL_LEVEL: spec(500, 'PostgreSQL has wal_level=%s; change capture needs wal_level=logical (set it and restart PostgreSQL; docs/cdc.md)'),
  TALLY_ERR_CDC_NO_REPLICATION: spec(500, 'role %s may not use logical replication: ALTER ROLE %s WITH REPLICATION (on Supabase, use the postgres role; docs/cdc.md)'),
  TALLY_ERR_CDC_SETUP: spec(500, 'change capture cannot start: %s'),
  TALLY_ERR_CDC_UNMAPPABLE: spec(400, 'captured row cannot become an event: %s'),

  // scheduled jobs (docs/jobs.md) and action weights
  TALLY_ERR_JOB_UNKNOWN: spec(404, 'unknown job: %s'),
  TALLY_ERR_WRITE_BACK_FAILED: spec(502, 'writing the results back to PostgreSQL failed: %s', true),

  // the learner model (docs/learning.md)
  TALLY_ERR_LEARNING_TOPIC_UNKNOWN: spec(400, 'unknown topic: %s'),
  TALLY_ERR_LEARNING_TOPIC_CYCLE: spec(400, 'the curriculum would have a cycle: %s'),
  TALLY_ERR_LEARNER_TOKEN_INVALID: spec(401, 'learner token is invalid or expired'),

  // exports (docs/export.md): a batch's error is kept in its status with the code
  TALLY_ERR_SINK_LIMIT: spec(409, 'an app may have at most %s sinks'),
  TALLY_ERR_SINK_UNREACHABLE: spec(502, 'the sink cannot be reached: %s', true),
  TALLY_ERR_SINK_AUTH: spec(502, 'the sink refused the credentials: %s'),
  TALLY_ERR_SINK_SCHEMA_DRIFT: spec(502, 'the sink table %s does not match the export schema: %s'),
  TALLY_ERR_SINK_BUCKET_MISSING: spec(502, 'the bucket %s does not exist: create it, then sync again'),
  TALLY_ERR_SINK_WRITE_FAILED: spec(502, 'writing to the sink failed: %s', true),

  // user profiles (docs/enrichment.md)
  TALLY_ERR_PROFILE_INVALID_TRAITS: spec(400, 'invalid traits: %s'),
  TALLY_ERR_PROFILE_NOT_FOUND: spec(404, 'no profile for user %s in app %s'),

  // Segment and PostHog capture (docs/migrate-from-segment.md, docs/migrate-from-posthog.md)
  TALLY_ERR_CAPTURE_NO_KEY: spec(401, 'no write key: send it as %s'),
  TALLY_ERR_CAPTURE_TOO_LARGE: spec(400, '%s larger than %s bytes'),
  TALLY_ERR_CAPTURE_INVALID: spec(400, 'invalid %s message: %s'),

  // alerts (docs/alerts.md): a delivery's error is kept in the rule's history with the code
  TALLY_ERR_ALERT_UNKNOWN: spec(404, 'unknown alert: %s'),
  TALLY_ERR_ALERT_INVALID: spec(400, 'invalid alert rule: %s'),
  TALLY_ERR_ALERT_LIMIT: spec(409, 'an app may have at most %s alert rules'),
  TALLY_ERR_ALERT_DELIVERY_FAILED: spec(502, 'the webhook delivery failed: %s', true),

  TALLY_ERR_INTERNAL: spec(500, 'internal error'),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorRegistry;

export function formatMessage(code: ErrorCode, args: ReadonlyArray<string | number> = []): string {
  let i = 0;
  return errorRegistry[code].message.replace(/%s/g, () => String(args[i++] ?? ''));
}

/** An error with a stable code, thrown where a request must stop (exceptions are for bugs and infrastructure). */
export class TallyError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly canRetry: boolean;
  /** seconds, for 429/503 answers */
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, args: ReadonlyArray<string | number> = [], options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(formatMessage(code, args), { cause: options.cause });
    this.name = 'TallyError';
    this.code = code;
    this.status = errorRegistry[code].status;
    this.canRetry = errorRegistry[code].canRetry;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isTallyError(err: unknown): err is TallyError {
  return err instanceof TallyError;
}
