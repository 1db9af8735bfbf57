// Rebuilding the hourly rollup (events_hourly) from raw events for a span of whole UTC hours: for
// events stored before migration 0003 created the materialized view, and after raw events were
// erased or rewritten (the view only ever adds). Run it while nothing is being ingested into that
// span: an event inserted between the delete and the re-insert could be counted twice.

import { toEngineTime } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';

const HOUR_MS = 3_600_000;

export interface RebuildRollupSpec {
  /** one app, or every app when absent */
  readonly appId?: string;
  /** widened to whole UTC hours */
  readonly fromMs: number;
  readonly toMs: number;
}

/** replaces the rollup rows of the span with states recomputed from events; returns the span */
export async function rebuildRollup(store: StoreConnection, spec: RebuildRollupSpec): Promise<{ from: string; to: string }> {
  const h0 = Math.floor(spec.fromMs / HOUR_MS) * HOUR_MS;
  const h1 = Math.ceil(spec.toMs / HOUR_MS) * HOUR_MS;
  const params = { app: spec.appId ?? '', all: spec.appId === undefined ? 1 : 0, h0: h0 / 1000, h1: h1 / 1000, from: toEngineTime(h0), to: toEngineTime(h1) };
  const app = `({all:UInt8} = 1 OR app_id = {app:String})`;
  await store.command(
    `ALTER TABLE events_hourly DELETE WHERE ${app} AND hour >= toDateTime({h0:UInt32}, 'UTC') AND hour < toDateTime({h1:UInt32}, 'UTC')`,
    params,
    { settings: { mutations_sync: 2 } },
  );
  await store.command(
    `INSERT INTO events_hourly
     SELECT app_id, toStartOfHour(timestamp, 'UTC') AS hour, category, event_name, countState(), uniqState(user_id), uniqExactState(user_id),
            sumState(ifNull(toFloat64OrNull(if(JSONType(properties, 'revenue') = 'String', JSONExtractString(properties, 'revenue'), JSONExtractRaw(properties, 'revenue'))), 0))
     FROM events
     WHERE ${app} AND timestamp >= {from:DateTime64(3, 'UTC')} AND timestamp < {to:DateTime64(3, 'UTC')}
     GROUP BY app_id, hour, category, event_name`,
    params,
  );
  return { from: new Date(h0).toISOString(), to: new Date(h1).toISOString() };
}
