// One captured change → one wire event, through the shared mapping format (config/change-mapping.ts,
// ingest/kafka-mapping.ts). An insert (or a snapshot row) is the table's event; its id derives from
// the table and the row's key alone, so the snapshot and the stream, a replay after a crash and a
// re-snapshot all give a row the same id and it is stored once. With the `record` policy an update
// or a delete becomes `<table>.updated` / `<table>.deleted`, at the transaction's commit time, with
// an id from the table, the key and the change's WAL position (the same change replayed keeps its
// position). Nothing here throws: a row that cannot be mapped is a value with a reason.

import type { TableMapping } from '../../config/index.ts';
import { deriveEventId, parseWireTimestamp } from '../../event/index.ts';
import { mapChangeRow, type SourceMapping } from '../../ingest/kafka-mapping.ts';

export type ChangeKind = 'insert' | 'update' | 'delete';

export interface CapturedChange {
  readonly kind: ChangeKind;
  /** the new row (insert, update) or what the old row's replica identity carries (delete) */
  readonly row: Readonly<Record<string, unknown>>;
  /** the change's WAL position ('0/16B3748'); the snapshot's rows have the slot's consistent point */
  readonly lsn: string;
  /** commit time of its transaction (epoch ms); undefined for snapshot rows */
  readonly commitTimeMs?: number;
}

export type MappedChange = { readonly ok: true; readonly event: Record<string, unknown> } | { readonly ok: false; readonly reason: string };

/** one key column's value as text, or undefined when it is missing or empty */
function keyPart(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return v instanceof Date ? v.toISOString() : String(v);
}

/** the row's key as text: the mapping's key column, else the table's primary key columns (joined) */
export function rowKey(mapping: TableMapping, keyColumns: readonly string[], row: Readonly<Record<string, unknown>>): string | undefined {
  if (mapping.eventIdColumn) return keyPart(row[mapping.eventIdColumn]);
  if (keyColumns.length === 0) return undefined;
  if (keyColumns.length === 1) return keyPart(row[keyColumns[0]]);
  const parts: string[] = [];
  for (const c of keyColumns) {
    const text = keyPart(row[c]);
    if (text === undefined) return undefined;
    parts.push(text);
  }
  return parts.join('\u0000');
}

const bySource = new WeakMap<TableMapping, SourceMapping>();

/** the table's mapping as the shared row mapper takes it: the key drives the id here, not the content */
function sourceMapping(mapping: TableMapping): SourceMapping {
  let m = bySource.get(mapping);
  if (!m) {
    m = Object.freeze({ ...mapping, topic: mapping.source, eventIdColumn: undefined });
    bySource.set(mapping, m);
  }
  return m;
}

export function mapChange(mapping: TableMapping, keyColumns: readonly string[], change: CapturedChange): MappedChange {
  const key = rowKey(mapping, keyColumns, change.row);
  if (key === undefined) return { ok: false, reason: `no key (${mapping.eventIdColumn ?? (keyColumns.join(', ') || 'the table has no primary key: set event_id')})` };
  const event = mapChangeRow(sourceMapping(mapping), change.row);
  if (change.kind === 'insert') {
    const ms = timeMs(event.timestamp);
    if (ms === undefined) return { ok: false, reason: `no usable time in column ${mapping.timestampColumn}` };
    event.event_id = deriveEventId(ms, `cdc\u0000${mapping.source}\u0000${key}`);
    return { ok: true, event };
  }
  const at = change.commitTimeMs ?? Date.now();
  event.event_name = `${mapping.table}.${change.kind === 'update' ? 'updated' : 'deleted'}`;
  event.timestamp = new Date(at).toISOString();
  event.event_id = deriveEventId(at, `cdc\u0000${mapping.source}\u0000${key}\u0000${change.kind}\u0000${change.lsn}`);
  return { ok: true, event };
}

function timeMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  // the canonical form (every timestamptz column) without a regular expression; other forms as before
  const ms = parseWireTimestamp(value) ?? Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
