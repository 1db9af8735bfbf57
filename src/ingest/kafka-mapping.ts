// Change-capture rows → wire events. Seed 000 streams inserts of Postgres tables (`concept_events`,
// `actions`) to Kafka topics as one JSON object per row; a mapping names the app and event, and
// which columns hold the user, the time and the session. Every other column becomes a property.
// The event id derives from the topic and the row's key column, so a row captured or delivered
// twice is stored once. The result goes through the same validation as any HTTP event. The same
// mapping format (src/config/change-mapping.ts) maps Postgres change capture rows (src/sources),
// where the source is `schema.table` instead of a topic.

import type { ChangeMapping } from '../config/change-mapping.ts';
import { deriveEventId, isCanonicalIso } from '../event/index.ts';

/** A mapping and the name of the source its rows come from (a topic, or `schema.table`), which seeds the event ids. */
export type SourceMapping = Omit<ChangeMapping, 'eventNameColumn' | 'categoryColumn'> &
  Partial<Pick<ChangeMapping, 'eventNameColumn' | 'categoryColumn'>> & { readonly topic: string };

// 'YYYY-MM-DD hh:mm:ss[.fff]' with an optional zone ('Z', '+00', '+0000', '+00:00'); no zone = UTC
const SQL_TIME_RE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** An ISO 8601 string the validator accepts, from the usual SQL and JSON time forms. */
export function normalizeTimestamp(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  // already the canonical form (a captured timestamptz): what the rest would rebuild, unchanged
  if (isCanonicalIso(value)) return value;
  const m = SQL_TIME_RE.exec(value.trim());
  if (!m) return value;
  const [, date, time, zone] = m;
  let z = zone ?? 'Z';
  if (/^[+-]\d{2}$/.test(z)) z += ':00';
  else if (/^[+-]\d{4}$/.test(z)) z = `${z.slice(0, 3)}:${z.slice(3)}`;
  return `${date}T${time}${z}`;
}

function timeMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

const usedColumns = new WeakMap<SourceMapping, ReadonlySet<string>>();

/** the columns that are not properties (computed once per mapping) */
function used(mapping: SourceMapping): ReadonlySet<string> {
  let set = usedColumns.get(mapping);
  if (!set) {
    const columns = [mapping.userIdColumn, mapping.timestampColumn, mapping.sessionIdColumn, mapping.eventIdColumn, mapping.eventNameColumn, mapping.categoryColumn];
    set = new Set(columns.filter((c): c is string => c !== undefined));
    usedColumns.set(mapping, set);
  }
  return set;
}

/** The wire event for one captured row (validation happens after, as for HTTP events). */
export function mapChangeRow(mapping: SourceMapping, row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const skip = used(mapping);
  const properties: Record<string, unknown> = {};
  for (const k in row) {
    if (skip.has(k)) continue;
    const v = row[k];
    properties[k] = v instanceof Date ? v.toISOString() : v;
  }
  if (mapping.categoryColumn && row[mapping.categoryColumn] !== undefined && row[mapping.categoryColumn] !== null) properties.category = row[mapping.categoryColumn];
  const rawTime = row[mapping.timestampColumn];
  // a Date (PostgreSQL's timestamptz) is written in the canonical form, which needs no normalising
  const timestamp = rawTime instanceof Date ? (Number.isNaN(rawTime.getTime()) ? String(rawTime) : rawTime.toISOString()) : normalizeTimestamp(rawTime);
  const named = mapping.eventNameColumn ? row[mapping.eventNameColumn] : undefined;
  const event: Record<string, unknown> = {
    app_id: mapping.appId,
    event_name: typeof named === 'string' && named !== '' ? named : mapping.eventName || named,
    user_id: row[mapping.userIdColumn],
    timestamp,
    properties,
  };
  const session = row[mapping.sessionIdColumn];
  if (session !== undefined && session !== null && session !== '') event.session_id = session;
  const key = mapping.eventIdColumn ? row[mapping.eventIdColumn] : undefined;
  if ((typeof key === 'string' || typeof key === 'number') && String(key) !== '') {
    const ms = timeMs(timestamp);
    if (ms !== undefined) event.event_id = deriveEventId(ms, `cdc\u0000${mapping.topic}\u0000${String(key)}`);
  }
  return event;
}
