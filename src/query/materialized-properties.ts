// Materialized properties (docs/storage.md): an event property the store keeps in a column of its
// own, computed by the engine from `properties` as each row is written, so filters, breakdowns,
// experiments and reports read that column instead of parsing the JSON text of every row. The same
// physical design PostHog uses for its hot properties (`mat_*` columns). A column answers exactly what
// the JSON text answers (`materializedPropertyExpr`): parts written before the column existed compute
// it as they are read, until the backfill (a mutation of the engine's own) has rewritten them.
// A property with few distinct values gets a LowCardinality column. Never drops or renames anything
// but its own `mp_*` columns.

import { TallyError } from '../errors.ts';
import { PROPERTY_COLUMN_PREFIX, propertyColumnName, quoteString, type StoreConnection } from '../store/index.ts';
import { ParamBag } from './params.ts';
import { materializedPropertyExpr, propertyReading } from './sql.ts';

/** most properties the store keeps in columns (each costs a JSON read per written row) */
export const MAX_MATERIALIZED_PROPERTIES = 32;
/**
 * most LowCardinality columns with a projection of hourly counts (addHourlyCounts): each one is an
 * aggregation of every insert, and the engine allows 25 projections a table
 */
export const MAX_HOURLY_COUNTS = 8;
/** longest property key, as in filters and breakdowns */
export const MAX_PROPERTY_KEY_LENGTH = 128;

/**
 * Up to this many distinct values a property's column is LowCardinality (a dictionary per part):
 * the engine's documentation finds it effective below about 10,000 distinct values. On 10M events,
 * a breakdown by `page` read it in 128 ms against 195 ms for a plain string column and 428 ms from
 * the JSON text (bench/storage/property-columns.ts).
 */
export const LOW_CARDINALITY_MAX_VALUES = 10_000;
/**
 * How often a process on a server store (where several processes share the schema) reads the
 * materialized columns again (`refreshPropertyColumns`). A dropped property's column is first
 * retired (its comment says so, and no process reads it after its next refresh) and removed only
 * after twice this, so no process builds a question on a column that is gone. One process owns an
 * embedded store, so there a drop is immediate.
 */
export const PROPERTY_COLUMNS_REFRESH_MS = 30_000;
const RETIRED_PREFIX = 'retired:';
/** most events the distinct values are counted on, when the caller does not choose */
const CARDINALITY_SAMPLE_EVENTS = 1_000_000;

export interface MaterializedProperty {
  readonly property: string;
  readonly column: string;
  /** LowCardinality(Nullable(String)) rather than Nullable(String) */
  readonly low_cardinality: boolean;
  /** every stored part has the column written (and a LowCardinality column's projection of hourly counts); until then older parts compute it as they are read */
  readonly backfilled: boolean;
}

async function checkPlainTable(store: StoreConnection): Promise<void> {
  const [t] = await store.query<{ engine: string }>("SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = 'events'");
  if (!t?.engine.endsWith('MergeTree')) {
    throw new TallyError('TALLY_ERR_PROPERTY_COLUMN_UNSUPPORTED', [`events is a ${t?.engine ?? 'missing'} table; a cluster adds the column to events_local and events ON CLUSTER (docs/storage.md)`]);
  }
}

function checkKey(property: string): void {
  if (property.length === 0 || property.length > MAX_PROPERTY_KEY_LENGTH) throw new TallyError('TALLY_ERR_REQUEST_INVALID', [`property must be 1 to ${MAX_PROPERTY_KEY_LENGTH} characters`]);
}

/** the materialized properties and whether each one's backfill has finished */
export async function listMaterializedProperties(store: StoreConnection): Promise<MaterializedProperty[]> {
  await store.propertyColumns.refresh(store);
  const pending = await store.query<{ command: string }>(
    "SELECT command FROM system.mutations WHERE database = currentDatabase() AND table = 'events' AND NOT is_done AND (position(command, 'MATERIALIZE COLUMN') > 0 OR position(command, 'MATERIALIZE PROJECTION') > 0)",
  );
  return store.propertyColumns.list().map((c) => ({
    property: c.property,
    column: c.column,
    low_cardinality: c.lowCardinality,
    backfilled: !pending.some((m) => m.command.includes(c.column)),
  }));
}

/** whether the property's stored values are few enough for a LowCardinality column (counted on up to a million events that have it) */
async function fewValues(store: StoreConnection, property: string): Promise<boolean> {
  const params = new ParamBag();
  const { text, present } = propertyReading(params, property);
  const [row] = await store.query<{ values: number }>(
    `SELECT uniq(v) AS values FROM (SELECT ${text} AS v FROM events WHERE ${present} LIMIT ${CARDINALITY_SAMPLE_EVENTS})`,
    params.values,
  );
  return Number(row?.values ?? 0) <= LOW_CARDINALITY_MAX_VALUES;
}

/**
 * Keeps `property` in a column of its own: adds the column (new rows compute it as they are
 * written) and starts the backfill of stored rows, which runs in the engine's background. Idempotent:
 * `created` is false when the property already had its column.
 */
export async function materializeProperty(store: StoreConnection, property: string, options: { readonly lowCardinality?: boolean } = {}): Promise<{ created: boolean; property: MaterializedProperty }> {
  checkKey(property);
  await checkPlainTable(store);
  await store.propertyColumns.refresh(store);
  const column = propertyColumnName(property);
  const created = store.propertyColumns.columnOf(property) === undefined;
  if (created && store.propertyColumns.list().length >= MAX_MATERIALIZED_PROPERTIES) throw new TallyError('TALLY_ERR_PROPERTY_COLUMN_LIMIT', [MAX_MATERIALIZED_PROPERTIES]);
  // a column retired by a drop and not yet removed is still written on every insert: it is taken back as it is
  const retired = created && (await retiredColumns(store)).some((c) => c.name === column);
  if (retired) {
    await store.command(`ALTER TABLE events COMMENT COLUMN ${column} ${quoteString(property)}`);
    await store.propertyColumns.refresh(store);
  } else if (created) {
    // a column's expression cannot take parameters: the key is a literal
    const key = quoteString(property);
    const type = (options.lowCardinality ?? (await fewValues(store, property))) ? 'LowCardinality(Nullable(String))' : 'Nullable(String)';
    await store.command(`ALTER TABLE events ADD COLUMN IF NOT EXISTS ${column} ${type} MATERIALIZED ${materializedPropertyExpr(key)} COMMENT ${key} CODEC(ZSTD(1))`);
    // the engine rewrites stored parts in the background; reads are right before it finishes
    await store.command(`ALTER TABLE events MATERIALIZE COLUMN ${column}`, {}, { settings: { mutations_sync: 0 } });
    await store.propertyColumns.refresh(store);
  }
  const kept = store.propertyColumns.list().find((c) => c.property === property);
  if (kept?.lowCardinality && !kept.hourlyCounts && store.propertyColumns.list().filter((c) => c.hourlyCounts).length < MAX_HOURLY_COUNTS) await addHourlyCounts(store, kept.column);
  const [listed] = (await listMaterializedProperties(store)).filter((p) => p.property === property);
  return { created, property: listed ?? { property, column, low_cardinality: false, backfilled: false } };
}

/** Stops keeping `property` in a column: queries read the JSON text again, then the column is dropped. */
export async function dropMaterializedProperty(store: StoreConnection, property: string): Promise<void> {
  checkKey(property);
  await store.propertyColumns.refresh(store);
  const column = store.propertyColumns.columnOf(property);
  if (!column) throw new TallyError('TALLY_ERR_NOT_FOUND', [`materialized property ${property.slice(0, 64)}`]);
  await checkPlainTable(store);
  store.propertyColumns.forget(property);
  if (store.kind === 'server') {
    // other processes may be building questions on it: retired now, removed by a later refresh
    await store.command(`ALTER TABLE events COMMENT COLUMN ${column} ${quoteString(`${RETIRED_PREFIX}${Date.now()}`)}`);
  } else {
    await dropColumn(store, column);
  }
  await store.propertyColumns.refresh(store);
}

/**
 * Reads the materialized columns again (another process may have added or retired one) and removes
 * the columns retired longer ago than every process's refresh: run every
 * PROPERTY_COLUMNS_REFRESH_MS by processes that share a server store.
 */
export async function refreshPropertyColumns(store: StoreConnection, nowMs = Date.now()): Promise<void> {
  await store.propertyColumns.refresh(store);
  for (const c of await retiredColumns(store)) {
    if (nowMs - c.retiredAtMs > 2 * PROPERTY_COLUMNS_REFRESH_MS) await dropColumn(store, c.name);
  }
}

/** runs refreshPropertyColumns every PROPERTY_COLUMNS_REFRESH_MS on a server store (nothing on an embedded one) */
export function startPropertyColumnRefresh(store: StoreConnection, onError: (err: unknown) => void): { stop(): void } {
  if (store.kind !== 'server') return { stop() {} };
  const timer = setInterval(() => void refreshPropertyColumns(store).catch(onError), PROPERTY_COLUMNS_REFRESH_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

async function retiredColumns(store: StoreConnection): Promise<Array<{ name: string; retiredAtMs: number }>> {
  const rows = await store.query<{ name: string; comment: string }>(
    "SELECT name, comment FROM system.columns WHERE database = currentDatabase() AND table = 'events' AND startsWith(name, {prefix:String}) AND startsWith(comment, {retired:String})",
    { prefix: PROPERTY_COLUMN_PREFIX, retired: RETIRED_PREFIX },
  );
  return rows.map((r) => ({ name: r.name, retiredAtMs: Number(r.comment.slice(RETIRED_PREFIX.length)) || 0 }));
}

/** the projection of a LowCardinality column's hourly counts (addHourlyCounts) */
function hourlyCountsProjection(column: string): string {
  return `${column}_hourly`;
}

/**
 * Events per (app, event name, UTC hour, value) of a LowCardinality column, as a projection of
 * `events` (like migration 0075's `hourly_counts`, and kept exactly as that one is): a count
 * trend broken down by the property reads its whole hours from it (src/query/trends.ts). A column
 * of many values gets none: its projection would hold nearly a row per event; nor do columns past
 * the first MAX_HOURLY_COUNTS. Stored parts get it in the background; until then the engine reads
 * their rows.
 */
async function addHourlyCounts(store: StoreConnection, column: string): Promise<void> {
  const keys = `app_id, event_name, toStartOfHour(timestamp), ${column}`;
  await store.command(`ALTER TABLE events ADD PROJECTION IF NOT EXISTS ${hourlyCountsProjection(column)} (SELECT ${keys}, count() GROUP BY ${keys})`);
  await store.command(`ALTER TABLE events MATERIALIZE PROJECTION ${hourlyCountsProjection(column)}`, {}, { settings: { mutations_sync: 0 } });
}

async function dropColumn(store: StoreConnection, column: string): Promise<void> {
  // a backfill still running would hold the drop back; it is no longer wanted
  await store.command(`KILL MUTATION WHERE database = currentDatabase() AND table = 'events' AND position(command, {column:String}) > 0`, { column }).catch(() => {});
  // the engine keeps a column a projection reads
  await store.command(`ALTER TABLE events DROP PROJECTION IF EXISTS ${hourlyCountsProjection(column)}`, {}, { settings: { mutations_sync: 2 } });
  await store.command(`ALTER TABLE events DROP COLUMN IF EXISTS ${column}`, {}, { settings: { mutations_sync: 2 } });
}
