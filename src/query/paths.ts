// Paths: the most frequent sequences of events right after (or right before) a start event.
// Definitions (also in docs/paths.md):
//
// - Every occurrence of `start_event` (with `start_filters`) in [from, to) starts one path: the
//   next `depth` events of the same user (direction "next"), or the previous `depth` events
//   nearest first (direction "previous"), among the user's events in [from, to) that pass
//   `filters` and the segment and are not in `exclude_events`. With `session_scoped` a path stays
//   inside the start event's session. A path ends early when the user has no more events.
// - Events are ordered by timestamp, then by name, then start events first (so same-millisecond
//   events have one order).
// - For each depth d, paths are grouped by their first d events: `events` = how many paths have
//   that prefix, `users` = how many distinct users do; the `limit` most frequent prefixes per depth
//   are returned (ties by the sequence itself).
// - `starts` counts the paths (start occurrences) and their users, the 100% of every depth.

import { Type, type Static } from 'typebox';
import type { StoreConnection } from '../store/index.ts';
import { FiltersSchema } from './filters.ts';
import { AppIdField, EventName, FromField, ToField, eventCondition, iso, scopeWhere } from './insight-common.ts';
import { ParamBag } from './params.ts';
import { appHasPersonLinks, personIdExpr } from './person-ids.ts';
import { SegmentRefSchema } from './segments.ts';
import { resolveTimeRange } from './time-range.ts';

export const PathsSpecSchema = Type.Object(
  {
    app_id: AppIdField,
    from: FromField,
    to: ToField,
    start_event: EventName,
    start_filters: Type.Optional(FiltersSchema),
    direction: Type.Optional(Type.Union([Type.Literal('next'), Type.Literal('previous')], { default: 'next' })),
    depth: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 3 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'most frequent paths returned per depth' })),
    session_scoped: Type.Optional(Type.Boolean({ default: false, description: 'paths stay inside the start event\'s session' })),
    exclude_events: Type.Optional(Type.Array(EventName, { maxItems: 50, description: 'event names left out of paths (e.g. heartbeats)' })),
    filters: Type.Optional(FiltersSchema),
    segment: Type.Optional(SegmentRefSchema),
  },
  { additionalProperties: false },
);
export type PathsSpec = Static<typeof PathsSpecSchema>;

export interface PathRow {
  /** the events after (or before, nearest first) the start event; path.length = depth */
  path: string[];
  users: number;
  events: number;
}

export interface PathsResult {
  app_id: string;
  from: string;
  to: string;
  start_event: string;
  direction: 'next' | 'previous';
  starts: { events: number; users: number };
  depths: Array<{ depth: number; paths: PathRow[] }>;
}

export async function paths(store: StoreConnection, spec: PathsSpec, nowMs = Date.now()): Promise<PathsResult> {
  const range = resolveTimeRange(spec.from, spec.to, nowMs);
  const direction = spec.direction ?? 'next';
  const depth = spec.depth ?? 3;
  const params = new ParamBag(store.propertyColumns);
  const where = await scopeWhere({ appId: spec.app_id, fromMs: range.fromMs, toMs: range.toMs, filters: spec.filters, segment: spec.segment }, params, store, nowMs);
  const isStart = eventCondition(spec.start_event, spec.start_filters, params);
  const excluded = spec.exclude_events?.length ? ` AND (event_name NOT IN ${params.add(spec.exclude_events, 'Array(String)')} OR ${isStart})` : '';
  // Each start's path from arrays shifted by 1..depth positions (no lambda captures the user's whole
  // array, so the cost stays linear in the number of events); '' marks "no such event" (event
  // names are never empty).
  const shifted = Array.from({ length: depth }, (_, i) => {
    const k = i + 1;
    return direction === 'next'
      ? `arrayResize(arraySlice(names, ${k + 1}), length(names), '')`
      : `arrayConcat(arrayWithConstant(least(${k}, length(names)), ''), arraySlice(names, 1, greatest(length(names) - ${k}, 0)))`;
  });
  const vars = shifted.map((_, i) => `n${i + 1}`);
  // one person across their ids (person-ids.ts): a path runs through the person's events, whatever id they carried
  const person = personIdExpr(params, spec.app_id, await appHasPersonLinks(store, spec.app_id));
  const groupBy = spec.session_scoped ? 'person, session_id' : 'person';
  const perStart = `
    SELECT person AS user_id, arrayJoin(arrayFilter((p, s) -> s, arrayMap((${vars.join(', ')}) -> arrayFilter(x -> x != '', [${vars.join(', ')}]), ${shifted.join(', ')}), is_start)) AS path
    FROM (
      SELECT ${person} AS person, arraySort(e -> (e.1, e.2, NOT e.3), groupArray((toUnixTimestamp64Milli(timestamp), toString(event_name), ${isStart}))) AS evs,
             arrayMap(e -> e.2, evs) AS names, arrayMap(e -> e.3, evs) AS is_start
      FROM events WHERE ${where}${excluded}
      GROUP BY ${groupBy}
      HAVING countIf(${isStart}) > 0
    )`;
  // depth 0 (the empty prefix) counts every path: the starts
  const rows = await store.query<{ depth: number; path: string[]; users: number; events: number }>(
    `SELECT depth, prefix AS path, uniqExact(user_id) AS users, count() AS events
     FROM (${perStart})
     ARRAY JOIN arrayMap(k -> arraySlice(path, 1, k), range(0, length(path) + 1)) AS prefix, range(0, length(path) + 1) AS depth
     GROUP BY depth, prefix
     ORDER BY depth, events DESC, prefix
     LIMIT ${params.add(spec.limit ?? 10, 'UInt32')} BY depth`,
    params.values,
  );
  const starts = rows.find((r) => r.depth === 0);
  const depths = Array.from({ length: depth }, (_, i) => ({ depth: i + 1, paths: [] as PathRow[] }));
  for (const r of rows) depths[r.depth - 1]?.paths.push({ path: r.path, users: r.users, events: r.events });
  return {
    app_id: spec.app_id,
    from: iso(range.fromMs),
    to: iso(range.toMs),
    start_event: spec.start_event,
    direction,
    starts: { events: starts?.events ?? 0, users: starts?.users ?? 0 },
    depths,
  };
}
