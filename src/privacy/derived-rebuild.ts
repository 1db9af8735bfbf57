// Rollups fed from `events` by materialized views hold no user_id, yet count users (uniq states)
// and their events. After a user's events are erased or anonymised, the rollup rows those events
// fed are recomputed from what `events` now holds, so no report or insight counts the user:
//   1. keys: the target's sorting-key values produced by the view over the app's events in the
//      user's time window (a superset of the rows the user touched; recomputing more is harmless);
//   2. rows: the view's own SELECT over all of the app's events, kept to those keys;
//   3. the target's rows with those keys are deleted and the recomputed rows inserted.
// The view's SELECT runs unchanged; the engine narrows its reads of `events` (additional_table_
// filters) to literals Tally formats itself (an app id of [a-z0-9_-] and timestamps). Run it
// while ingest is held (write-gate.ts) so no new event is counted twice or missed.

import { APP_ID_RE } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { quoteName } from './user-data.ts';

export interface DerivedTable {
  readonly view: string;
  readonly target: string;
  /** the view's SELECT, reading `events` */
  readonly select: string;
  readonly keyColumns: readonly string[];
  readonly columns: readonly string[];
}

const TIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

/** materialized views reading `events` whose target has app_id and no user_id */
export async function discoverDerivedTables(conn: StoreConnection): Promise<DerivedTable[]> {
  const [events] = await conn.query<{ deps: string[] }>(`SELECT dependencies_table AS deps FROM system.tables WHERE database = currentDatabase() AND name = 'events'`);
  if (!events || events.deps.length === 0) return [];
  const views = await conn.query<{ name: string; as_select: string; create_table_query: string }>(
    `SELECT name, as_select, create_table_query FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView' AND name IN {deps:Array(String)}`,
    { deps: events.deps },
  );
  const out: DerivedTable[] = [];
  for (const v of views) {
    const to = / TO ([A-Za-z0-9_.`]+)/.exec(v.create_table_query);
    if (!to) continue; // an inner-table view: its storage is not addressable here
    const target = to[1].replace(/`/g, '').split('.').pop() as string;
    const cols = await conn.query<{ name: string; key: number }>(
      `SELECT name, is_in_sorting_key AS key FROM system.columns WHERE database = currentDatabase() AND table = {t:String} ORDER BY position`,
      { t: target },
    );
    const names = cols.map((c) => c.name);
    if (!names.includes('app_id') || names.includes('user_id')) continue;
    out.push({ view: v.name, target, select: v.as_select, keyColumns: cols.filter((c) => c.key === 1).map((c) => c.name), columns: names });
  }
  return out;
}

function eventsFilter(appId: string, window?: { from: string; to: string }): string {
  if (!APP_ID_RE.test(appId)) throw new Error(`bad app id ${appId}`);
  let filter = `app_id = \\'${appId}\\'`;
  if (window) {
    if (!TIME_RE.test(window.from) || !TIME_RE.test(window.to)) throw new Error('bad time window');
    filter += ` AND timestamp >= \\'${window.from}\\' AND timestamp <= \\'${window.to}\\'`;
  }
  return `{'events': '${filter}'}`;
}

/** The user's time window in an app (engine text form), or undefined when they have no events. */
export async function userEventWindow(conn: StoreConnection, appId: string, userId: string): Promise<{ from: string; to: string } | undefined> {
  const [row] = await conn.query<{ n: number; from: string; to: string }>(
    `SELECT count() AS n, formatDateTime(min(timestamp), '%Y-%m-%d %H:%i:%S.%f') AS from, formatDateTime(max(timestamp), '%Y-%m-%d %H:%i:%S.%f') AS to
     FROM events WHERE app_id = {app:String} AND (user_id = {user:String} OR anonymous_id = {user:String})`,
    { app: appId, user: userId },
  );
  if (!row || row.n === 0) return undefined;
  // %f prints microseconds for DateTime64(3): keep milliseconds
  return { from: row.from.slice(0, 23), to: row.to.slice(0, 23) };
}

export interface PendingRebuild {
  /** recomputes the collected groups from what `events` holds now; returns how many */
  finish(): Promise<number>;
  /** drops the working tables without recomputing */
  discard(): Promise<void>;
}

/**
 * Collects the target groups the window's events feed (call it before the user's rows change),
 * then `finish()` recomputes exactly those groups after they changed.
 */
export async function prepareRebuild(conn: StoreConnection, d: DerivedTable, appId: string, window: { from: string; to: string }, runId: string): Promise<PendingRebuild> {
  if (!/^[a-z0-9_]+$/.test(runId)) throw new Error('bad run id');
  const keys = quoteName(`tally_rebuild_keys_${d.target}_${runId}`);
  const rows = quoteName(`tally_rebuild_rows_${d.target}_${runId}`);
  const keyList = d.keyColumns.map(quoteName).join(', ');
  const columns = d.columns.map(quoteName).join(', ');
  const discard = async () => {
    await conn.command(`DROP TABLE IF EXISTS ${keys}`).catch(() => {});
    await conn.command(`DROP TABLE IF EXISTS ${rows}`).catch(() => {});
  };
  await conn.command(`CREATE TABLE ${keys} ENGINE = Memory AS SELECT DISTINCT ${keyList} FROM (${d.select}) SETTINGS additional_table_filters = ${eventsFilter(appId, window)}`);
  return {
    discard,
    async finish() {
      try {
        const [{ n }] = await conn.query<{ n: number }>(`SELECT count() AS n FROM ${keys}`);
        if (n === 0) return 0;
        await conn.command(`CREATE TABLE ${rows} ENGINE = Memory AS SELECT ${columns} FROM (${d.select}) WHERE (${keyList}) IN ${keys} SETTINGS additional_table_filters = ${eventsFilter(appId)}`);
        await conn.command(`ALTER TABLE ${quoteName(d.target)} DELETE WHERE (${keyList}) IN ${keys}`, {}, { settings: { mutations_sync: 2 } });
        await conn.command(`INSERT INTO ${quoteName(d.target)} (${columns}) SELECT ${columns} FROM ${rows}`);
        return n;
      } finally {
        await discard();
      }
    },
  };
}
