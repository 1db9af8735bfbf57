// Rebuilding the hourly rollup (events_hourly) from raw events for a span of whole UTC hours: for
// events stored before migration 0003 created the materialized view, and after raw events were
// erased or rewritten (the view only ever adds). Run it while nothing is being ingested into that
// span: an event inserted between the delete and the re-insert could be counted twice.

import type { StoreConnection } from '../store/index.ts';
import { ParamBag } from './params.ts';
import { propertyNumber, timeParam } from './sql.ts';

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
  const params = new ParamBag(store.propertyColumns);
  const app = spec.appId === undefined ? '1' : `app_id = ${params.add(spec.appId, 'String')}`;
  const hours = `hour >= toDateTime(${params.add(h0 / 1000, 'UInt32')}, 'UTC') AND hour < toDateTime(${params.add(h1 / 1000, 'UInt32')}, 'UTC')`;
  // the same expression the rollup's materialized view uses (migrations/0003_rollups.sql)
  const revenue = `ifNull(${propertyNumber(params, 'revenue')}, 0)`;
  await store.command(`ALTER TABLE events_hourly DELETE WHERE ${app} AND ${hours}`, params.values, { settings: { mutations_sync: 2 } });
  await store.command(
    `INSERT INTO events_hourly
     SELECT app_id, toStartOfHour(timestamp, 'UTC') AS hour, category, event_name, countState(), uniqState(user_id), uniqExactState(user_id),
            sumState(${revenue})
     FROM events
     WHERE ${app} AND timestamp >= ${timeParam(params, h0)} AND timestamp < ${timeParam(params, h1)}
     GROUP BY app_id, hour, category, event_name`,
    params.values,
  );
  return { from: new Date(h0).toISOString(), to: new Date(h1).toISOString() };
}
