// Raw events of one app, newest first, with filters, a total and a keyset cursor
// (timestamp, event_id) so pages stay stable while new events arrive. A stored value it cannot
// read (properties that are not JSON object text) is returned raw on its event: one bad row never
// fails the page.

import type { StoreConnection } from '../store/index.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.ts';
import { ParamBag } from './params.ts';
import { appRange, timeParam } from './sql.ts';
import type { TimeRange } from './time-range.ts';

export interface ListEventsSpec {
  readonly appId: string;
  readonly range: TimeRange;
  readonly eventName?: string;
  readonly userId?: string;
  /** page size (1-1000) */
  readonly limit: number;
  readonly cursor?: string;
}

export interface EventRecord {
  event_id: string;
  app_id: string;
  event_name: string;
  category: string;
  user_id: string;
  anonymous_id: string;
  session_id: string;
  timestamp: string;
  received_at: string;
  properties: Record<string, unknown>;
  /** only when the stored properties are not JSON object text: that text (`properties` is then {}) */
  properties_raw?: string;
  context: Record<string, string>;
  /** seed 004's fields (docs/enrichment.md); '' / {} / null when not sent or not known */
  entity_type: string;
  entity_id: string;
  metadata: Record<string, unknown>;
  source: string;
  user_role: string;
  user_tenure_days: number | null;
}

/** a stored row as read: the record's columns, properties as text, context fields as columns */
type Row = Omit<EventRecord, 'properties' | 'properties_raw' | 'context' | 'metadata'> & { ts_ms: number; properties: string; metadata: string } & Record<(typeof CONTEXT_FIELDS)[number], string>;

/** the stored properties text as an object, or undefined when it is not JSON object text */
function parseProperties(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const CONTEXT_FIELDS = ['device', 'browser', 'os', 'country', 'region', 'city', 'ip_prefix', 'locale', 'app_version', 'library', 'page_url', 'referrer'] as const;

export async function listEvents(conn: StoreConnection, spec: ListEventsSpec): Promise<{ total: number; events: EventRecord[]; next_cursor: string | null }> {
  // checked before any query runs
  const after = spec.cursor ? decodeKeysetCursor(spec.cursor) : undefined;
  const params = new ParamBag(conn.propertyColumns);
  const where = [
    appRange(params, spec.appId, spec.range.fromMs, spec.range.toMs),
    spec.eventName !== undefined ? `event_name = ${params.add(spec.eventName, 'String')}` : '',
    spec.userId !== undefined ? `user_id = ${params.add(spec.userId, 'String')}` : '',
  ].filter(Boolean);
  const [{ total }] = await conn.query<{ total: number }>(`SELECT count() AS total FROM events WHERE ${where.join(' AND ')}`, params.values);
  if (after) where.push(`(timestamp, event_id) < (${timeParam(params, after.timeMs)}, ${params.add(after.id, 'UUID')})`);
  const rows = await conn.query<Row>(
    `SELECT event_id, app_id, event_name, category, user_id, anonymous_id, session_id,
            timestamp, received_at, toUnixTimestamp64Milli(timestamp) AS ts_ms, properties,
            ${CONTEXT_FIELDS.join(', ')}, entity_type, entity_id, metadata, source, user_role, user_tenure_days
     FROM events WHERE ${where.join(' AND ')}
     ORDER BY timestamp DESC, event_id DESC
     LIMIT ${params.add(spec.limit, 'UInt32')}`,
    params.values,
  );
  const events = rows.map((r): EventRecord => {
    const context: Record<string, string> = {};
    for (const f of CONTEXT_FIELDS) if (r[f]) context[f] = r[f];
    const properties = parseProperties(r.properties);
    return {
      event_id: r.event_id,
      app_id: r.app_id,
      event_name: r.event_name,
      category: r.category,
      user_id: r.user_id,
      anonymous_id: r.anonymous_id,
      session_id: r.session_id,
      timestamp: r.timestamp,
      received_at: r.received_at,
      properties: properties ?? {},
      ...(properties === undefined ? { properties_raw: r.properties } : {}),
      context,
      entity_type: r.entity_type,
      entity_id: r.entity_id,
      // metadata is written by the pipeline as JSON object text; a row from elsewhere may hold ''
      metadata: parseProperties(r.metadata) ?? {},
      source: r.source,
      user_role: r.user_role,
      user_tenure_days: r.user_tenure_days,
    };
  });
  const last = rows[rows.length - 1];
  return { total, events, next_cursor: rows.length === spec.limit && last ? encodeKeysetCursor({ timeMs: Number(last.ts_ms), id: last.event_id }) : null };
}
