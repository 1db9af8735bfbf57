// The per-user core of a funnel: for every user, the best attempt at the funnel, computed by the
// engine in one pass over the user's events. Shared by the funnel answer and by the list of users
// who dropped at a step. Definitions (also in docs/funnels.md):
//
// - Events considered: the app's events in [from, to + window) that pass the funnel's filters and
//   segment. An attempt starts at an event inside [from, to); later steps may fall up to `window`
//   after it, even past `to`.
// - Order of events: by timestamp; events in the same millisecond are taken in step order (an event
//   matching an earlier step first), then by breakdown value. Arrival order never matters.
// - Window: every step of an attempt is at most `window` after the attempt's first event,
//   inclusive (a step exactly `window` later counts; one millisecond more does not).
// - ordered: steps 1..k happen in this order (other events may come between); each event fills at
//   most one step. strict: steps 1..k are consecutive events of the user (any event that passes
//   the funnel's filters interrupts). any: steps 1..k all happen within `window` of the attempt's
//   first event, in any order (there one event may satisfy several steps if it matches them all).
// - Best attempt of a user: the one reaching the deepest step; among those the one starting last
//   (in the order above; the shortest); each later step at its earliest possible event. Times to
//   convert and the breakdown value come from it (the value is read on the attempt's first event).
//
// The engine's windowFunnel() is not used: it yields only the level (no times for the best
// attempt), and in its strict_order mode an interruption ends the user's scan (events A, X, A, B
// give level 1 there, checked on ClickHouse 26.7), so a later clean attempt would not count.

import type { StoreConnection } from '../store/index.ts';
import { fieldExpr, type Filter } from './filters.ts';
import { eventCondition, scopeWhere } from './insight-common.ts';
import type { ParamBag } from './params.ts';
import { appHasPersonLinks, personIdExpr } from './person-ids.ts';
import type { SegmentRef } from './segments.ts';

export type FunnelOrder = 'ordered' | 'strict' | 'any';

export interface FunnelStep {
  readonly event: string;
  readonly filters?: readonly Filter[];
}

export interface FunnelScope {
  readonly appId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly windowMs: number;
  readonly order: FunnelOrder;
  readonly steps: readonly FunnelStep[];
  readonly filters?: readonly Filter[];
  readonly segment?: SegmentRef;
  readonly breakdown?: { readonly property: string; readonly source?: Filter['source'] };
}

// Each user's events become an array `evs` of tuples (ts_ms, mask, in_range, bval), in event
// order (same-millisecond events by step: see the packing below): `mask` has bit j-1 set when the
// event matches step j (step 1 only inside [from, to) for ordered and strict). The folds read its
// columns as plain arrays (evs.1 the times, evs.2 the masks, evs.3 in_range) with each event's
// index, and keep their state in a tuple written out level by level: a lambda over the levels
// that indexed an array-valued state would copy that array for every level of every event.
// Every fold produces `best` = [event index, anchor ts, c1, ..., cL] where ck is when step k was
// reached; L = 0 means no attempt.

const EMPTY = `CAST([], 'Array(Int64)')`;

/** 1, 2, ..., stepCount: the folds write their state out level by level */
function levelsUpTo(stepCount: number): number[] {
  return Array.from({ length: stepCount }, (_, i) => i + 1);
}

/**
 * ordered: one slot per level holding the latest-starting chain that reached it (a later start, in
 * event order, never has less of its window left); a slot keeps its chain while the start is the
 * same, so each step sits at its earliest event. The deepest non-empty slot is the best attempt.
 * Each new slot is computed from the old ones.
 */
function orderedFold(stepCount: number, windowMs: string): string {
  const levels = levelsUpTo(stepCount);
  const slot = (j: number) =>
    j === 1
      ? 'if(bitTest(m, 0), [toInt64(i), t, t], acc.1)'
      : `multiIf(
      NOT bitTest(m, ${j - 1}), acc.${j},
      length(acc.${j - 1}) > 0 AND t - acc.${j - 1}[2] <= ${windowMs} AND (length(acc.${j}) = 0 OR acc.${j - 1}[1] > acc.${j}[1]), arrayPushBack(acc.${j - 1}, t),
      acc.${j})`;
  const fold = `arrayFold((acc, t, m, i) -> tuple(${levels.map(slot).join(', ')}), evs.1, evs.2, arrayEnumerate(evs), tuple(${levels.map(() => EMPTY).join(', ')}))`;
  return `arrayLast(c -> length(c) > 0, [(${fold} AS funnel_slots).1, ${levels.slice(1).map((j) => `funnel_slots.${j}`).join(', ')}])`;
}

/**
 * strict: runs of consecutive matching events; with every event each run either advances one
 * level or ends. Of two runs as deep, the one ending later started later, so it replaces the best.
 * The state is the tuple (run at level 1, ..., run at level S, best).
 */
function strictFold(stepCount: number, windowMs: string): string {
  const levels = levelsUpTo(stepCount);
  const run = (j: number) =>
    j === 1
      ? `if(bitTest(m, 0), [toInt64(i), t, t], ${EMPTY})`
      : `if(bitTest(m, ${j - 1}) AND length(acc.${j - 1}) > 0 AND t - acc.${j - 1}[2] <= ${windowMs}, arrayPushBack(acc.${j - 1}, t), ${EMPTY})`;
  const runs = levels.map(run);
  const deepest = `arrayLast(c -> length(c) > 0, [${runs.join(', ')}])`;
  const best = `acc.${stepCount + 1}`;
  return `arrayFold((acc, t, m, i) -> tuple(${runs.join(', ')}, if(length(${deepest}) > 0 AND length(${deepest}) >= length(${best}), ${deepest}, ${best})),
    evs.1, evs.2, arrayEnumerate(evs), tuple(${[...levels, 0].map(() => EMPTY).join(', ')})).${stepCount + 1}`;
}

/**
 * any: scanned from the last event back, tracking when each step next happens (at or after the
 * current event); an attempt starting at an in-range event reaches level k when steps 1..k all
 * happen within the window. Scanning backwards, the first attempt seen at a depth starts latest.
 * The state is the tuple (next time of step 1, ..., of step S, best), -1 for "not yet".
 */
function anyFold(stepCount: number, windowMs: string): string {
  const levels = levelsUpTo(stepCount);
  const next = levels.map((j) => `if(bitTest(m, ${j - 1}), t, acc.${j})`);
  const within = (j: number) => `(${next[j - 1]} >= 0 AND ${next[j - 1]} - t <= ${windowMs})`;
  const depth = `multiIf(${levels.map((j) => `NOT ${within(j)}, ${j - 1}`).join(', ')}, ${stepCount})`;
  // when steps 1..k have all happened: the latest of their next times
  const reached = levels.map((k) => (k === 1 ? next[0] : `greatest(${next.slice(0, k).join(', ')})`));
  const best = `acc.${stepCount + 1}`;
  return `arrayFold((acc, t, m, r, i) -> tuple(
      ${next.join(', ')},
      if(r AND ${depth} > greatest(length(${best}), 2) - 2, arrayConcat([toInt64(i), t], arraySlice([${reached.join(', ')}], 1, ${depth})), ${best})),
    arrayReverse(evs.1), arrayReverse(evs.2), arrayReverse(evs.3), arrayReverse(arrayEnumerate(evs)),
    tuple(${levels.map(() => 'toInt64(-1)').join(', ')}, ${EMPTY})).${stepCount + 1}`;
}

function foldFor(order: FunnelOrder, stepCount: number, windowMs: string): string {
  if (order === 'strict') return strictFold(stepCount, windowMs);
  if (order === 'any') return anyFold(stepCount, windowMs);
  return orderedFold(stepCount, windowMs);
}

/**
 * SELECT user_id, level, anchor, times (Array(Int64), times[k] = when step k was reached),
 * bval — one row per user with at least step 1 (level >= 1).
 */
export async function funnelAttemptsSql(scope: FunnelScope, params: ParamBag, store: StoreConnection, nowMs: number): Promise<string> {
  const linked = await appHasPersonLinks(store, scope.appId);
  const stepCount = scope.steps.length;
  const windowMs = params.add(scope.windowMs, 'Int64');
  const toParam = params.add(scope.toMs, 'Int64');
  const where = await scopeWhere(
    { appId: scope.appId, fromMs: scope.fromMs, toMs: scope.toMs + scope.windowMs, filters: scope.filters, segment: scope.segment },
    params,
    store,
    nowMs,
  );
  const conditions = scope.steps.map((s) => eventCondition(s.event, s.filters, params));
  const inRange = `toUnixTimestamp64Milli(timestamp) < ${toParam}`;
  const firstBit = scope.order === 'any' ? conditions[0] : `(${conditions[0]} AND ${inRange})`;
  const mask = [`if(${firstBit}, 1, 0)`, ...conditions.slice(1).map((c, i) => `if(${c}, ${2 ** (i + 1)}, 0)`)].join(' + ');
  const names = params.add([...new Set(scope.steps.map((s) => s.event))], 'Array(String)');
  const bval = scope.breakdown ? fieldExpr(scope.breakdown.property, scope.breakdown.source, params) : `''`;
  const hasStart = scope.order === 'any' ? 'countIf(mask != 0 AND in_range) > 0' : 'bitAnd(groupBitOr(mask), 1) = 1';
  const best = foldFor(scope.order, stepCount, windowMs);
  // ordered: of a run of events that match step 1 only, only the last can start an attempt that
  // goes further (nothing between them can extend the earlier ones) or be a level-1 user's best
  // attempt (the latest start), so the rest of the run is dropped before the fold — most of a
  // user's events when step 1 is a page view.
  // each event is packed into one Int64 that sorts as (ts, lowest step matched, mask): ts * 2^14 +
  // the index of the mask's lowest set bit * 2^10 + mask (at most 10 steps; index 15 for an event
  // matching none), so same-millisecond events come in step order. Sorting numbers
  // (with the breakdown value as a tie-break when there is one) costs a third of sorting tuples.
  const packed = scope.breakdown ? 'arraySort(groupArray((p, bval)))' : "arrayMap(p -> (p, ''), arraySort(groupArray(p)))";
  const ts = 'intDiv(e.1 - bitAnd(e.1, 16383), 16384)';
  const maskOf = (e: string) => `bitAnd(${e}, 1023)`;
  /** packed (p, bval) pairs back to the (ts, mask, in_range, bval) tuples the folds read */
  const unpack = (pairs: string) => `arrayMap(e -> (${ts}, ${maskOf('e.1')}, ${ts} < ${toParam}, e.2), ${pairs})`;
  // (the next event's mask comes as a second, shifted array: a lambda that indexed `s` itself
  // would copy the whole array for every element)
  const events = unpack(scope.order === 'ordered' ? `arrayFilter((e, next) -> NOT (${maskOf('e.1')} = 1 AND next = 1), s, arrayPushBack(arrayPopFront(arrayMap(e -> ${maskOf('e.1')}, s)), 0))` : 's');
  // one person across their ids (person-ids.ts): the events are grouped by the person they resolve to
  return `SELECT user_id, length(times) AS level, best[2] AS anchor, arraySlice(best, 3) AS times, tupleElement(evs[best[1]], 4) AS bval FROM (
    SELECT user_id, evs, ${best} AS best FROM (
      SELECT user_id, ${events} AS evs FROM (
      SELECT person AS user_id, ${packed} AS s
      FROM (
        SELECT ${personIdExpr(params, scope.appId, linked)} AS person, toUInt16(${mask}) AS mask,
               toUnixTimestamp64Milli(timestamp) * 16384 + if(mask = 0, 15, toInt64(log2(bitAnd(mask, -mask)))) * 1024 + mask AS p, ${inRange} AS in_range, ${bval} AS bval
        FROM events
        WHERE ${where}${scope.order === 'strict' ? '' : ` AND event_name IN ${names}`}
      )
      ${scope.order === 'strict' ? '' : 'WHERE mask != 0'}
      GROUP BY person
      HAVING ${hasStart}
    ))
  ) WHERE level > 0`;
}
