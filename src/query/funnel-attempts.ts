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

// Each user's events become an array in event order (same-millisecond events by step: see the
// packing below), read as parallel arrays: `ts` the times, `ms` the masks (bit j-1 set when the
// event matches step j; step 1 only inside [from, to) for ordered and strict). Each order computes
// from them, for every event that can start an attempt, how deep the attempt starting there goes
// and when it reached each step, with vectorised array functions only (array fills and shifted
// copies: no fold, no per-event lambda state, no captured arrays), linear in the user's events.
// The best attempt is the deepest, then the latest start: the largest (level, position).
// Every order yields the columns `best_level`, `best_pos` and `best_times` (when steps 1..level
// were reached; the anchor is ts[best_pos]).

/** a time after every event: the end marker of the arrays (its difference to any event's time does not overflow) */
const NEVER = 'toInt64(4000000000000000000)';

/** `a` shifted left by `by` places, padded at the end with `pad` (element i of the result is a[i + by]) */
function shiftedLeft(a: string, by: number, pad: string): string {
  if (by === 0) return a;
  if (by === 1) return `arrayPushBack(arrayPopFront(${a}), ${pad})`;
  return `arraySlice(arrayConcat(${a}, [${Array(by).fill(pad).join(', ')}]), ${by + 1}, length(${a}))`;
}

/** the best start: the largest (level, position) over the events where `isStart` holds; `args` name the arrays the lambda reads */
function bestStart(args: ReadonlyArray<readonly [string, string]>, isStart: string, level: string): string[] {
  const names = args.map(([name]) => name).join(', ');
  const arrays = args.map(([, array]) => array).join(', ');
  return [
    `arrayMax(arrayMap((${names}, i) -> if(${isStart}, (toUInt8(${level}), i), (toUInt8(0), 0)), ${arrays}, arrayEnumerate(ts))) AS best_start`,
    'best_start.1 AS best_level',
    'best_start.2 AS best_pos',
  ];
}

/** 1 + the number of leading `ok` conditions that hold (a multiIf, not a sum of products) */
function leading(oks: readonly string[]): string {
  return `multiIf(${oks.map((ok, j) => `NOT (${ok}), ${j + 1}`).join(', ')}, ${oks.length + 1})`;
}

/**
 * ordered: from a start, the best chain takes each later step at its earliest event after the
 * previous step (any other chain from that start reaches no further), so for every position the
 * chain that begins at the first step-k event from there on is one array fill away from the chain
 * of step k + 1: `chain_k` holds, for each position i, the times of steps k..S of that chain begun
 * strictly after i (NEVER where a step has no event left). Built from step S back to step 2 with
 * arrayReverseFill, it gives each step-1 event its whole chain at once; the chain reaches level
 * 1 + the number of its steps within the window (its times only grow, so those are the leading
 * ones). Replacing the slot fold that was here made the 4-step funnel on 1M events about 40% faster.
 *
 * `ts` and `ms` end with a marker: time NEVER, mask every step but the first.
 */
function orderedColumns(stepCount: number, windowMs: string): string[] {
  const columns = [`${shiftedLeft(`arrayReverseFill((t, m) -> bitTest(m, ${stepCount - 1}), ts, ms)`, 1, NEVER)} AS chain_${stepCount}`];
  for (let k = stepCount - 1; k >= 2; k--) {
    // chain_{k+1} holds steps k+1..S: one time when k + 1 = S, a tuple of them otherwise
    const width = stepCount - k;
    const next = width === 1 ? 'c' : Array.from({ length: width }, (_, x) => `c.${x + 1}`).join(', ');
    const values = `arrayMap((t, c) -> (t, ${next}), ts, chain_${k + 1})`;
    columns.push(`${shiftedLeft(`arrayReverseFill((v, m) -> bitTest(m, ${k - 1}), ${values}, ms)`, 1, `(${Array(width + 1).fill(NEVER).join(', ')})`)} AS chain_${k}`);
  }
  const later = stepCount === 2 ? ['c'] : Array.from({ length: stepCount - 1 }, (_, x) => `c.${x + 1}`);
  const level = leading(later.map((c) => `${c} - t <= ${windowMs}`));
  const chainAt = stepCount === 2 ? ['chain_2[best_pos]'] : Array.from({ length: stepCount - 1 }, (_, x) => `chain_2[best_pos].${x + 1}`);
  return [...columns, ...bestStart([['t', 'ts'], ['m', 'ms'], ['c', 'chain_2']], 'bitTest(m, 0)', level), `[ts[best_pos], ${chainAt.join(', ')}] AS best_times`];
}

/**
 * strict: an attempt starting at position i reaches step k when the events at i + 1, ..., i + k - 1
 * (every event that passes the funnel's filters, so any other event interrupts) match steps
 * 2..k, each within the window of i. Shifted copies of the times and masks (`ts_k`, `ms_k`:
 * element i is the event at i + k - 1) line those events up with each start.
 */
function strictColumns(stepCount: number, windowMs: string): string[] {
  const later = Array.from({ length: stepCount - 1 }, (_, x) => x + 2);
  const columns = later.flatMap((k) => [`${shiftedLeft('ts', k - 1, NEVER)} AS ts_${k}`, `${shiftedLeft('ms', k - 1, 'toUInt16(0)')} AS ms_${k}`]);
  const oks = later.map((k) => `bitTest(m${k}, ${k - 1}) AND t${k} - t <= ${windowMs}`);
  const args: Array<[string, string]> = [['t', 'ts'], ['m', 'ms'], ...later.flatMap((k): Array<[string, string]> => [[`t${k}`, `ts_${k}`], [`m${k}`, `ms_${k}`]])];
  return [...columns, ...bestStart(args, 'bitTest(m, 0)', leading(oks)), `[ts[best_pos], ${later.map((k) => `ts_${k}[best_pos]`).join(', ')}] AS best_times`];
}

/**
 * any: `next_j` holds, for each position, when step j next happens at or after it (an array fill;
 * NEVER when it does not). An attempt starting at an in-range event reaches level k when steps
 * 1..k all happen within the window after it; it reached step k at the latest of their times.
 *
 * `ts` and `ms` end with a marker: time NEVER, mask every step; `rs` (in range) is 0 there.
 */
function anyColumns(stepCount: number, windowMs: string): string[] {
  const steps = Array.from({ length: stepCount }, (_, x) => x + 1);
  const columns = steps.map((j) => `arrayReverseFill((t, m) -> bitTest(m, ${j - 1}), ts, ms) AS next_${j}`);
  const oks = steps.map((j) => `n${j} - t <= ${windowMs}`);
  const args: Array<[string, string]> = [['t', 'ts'], ['r', 'rs'], ...steps.map((j): [string, string] => [`n${j}`, `next_${j}`])];
  // `leading` counts from 1: the level is one less (0 when step 1 is not within the window)
  const reached = steps.map((k) => (k === 1 ? 'next_1[best_pos]' : `greatest(${steps.slice(0, k).map((j) => `next_${j}[best_pos]`).join(', ')})`));
  return [...columns, ...bestStart(args, 'r', `${leading(oks)} - 1`), `[${reached.join(', ')}] AS best_times`];
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
  // ordered: of a run of events that match step 1 only, only the last can start an attempt that
  // goes further (nothing between them can extend the earlier ones) or be a level-1 user's best
  // attempt (the latest start), so the rest of the run is dropped before the chains are built —
  // most of a user's events when step 1 is a page view.
  // each event is packed into one Int64 that sorts as (ts, lowest step matched, mask): ts * 2^14 +
  // the index of the mask's lowest set bit * 2^10 + mask (at most 10 steps; index 15 for an event
  // matching none), so same-millisecond events come in step order. Sorting numbers
  // (with the breakdown value as a tie-break when there is one) costs a third of sorting tuples.
  // `s` holds the packed numbers, or (p, bval) pairs when there is a breakdown.
  const packed = scope.breakdown ? 'arraySort(groupArray((p, bval)))' : 'arraySort(groupArray(p))';
  /** the packed number of an element `e` of `s` */
  const p = (e: string) => (scope.breakdown ? `${e}.1` : e);
  const tsOf = (e: string) => `intDiv(${p(e)} - bitAnd(${p(e)}, 16383), 16384)`;
  const maskOf = (e: string) => `bitAnd(${p(e)}, 1023)`;
  // one person across their ids (person-ids.ts): the events are grouped by the person they resolve to
  const perPerson = `SELECT person AS user_id, ${packed} AS s
      FROM (
        SELECT ${personIdExpr(params, scope.appId, linked)} AS person, toUInt16(${mask}) AS mask,
               toUnixTimestamp64Milli(timestamp) * 16384 + if(mask = 0, 15, toInt64(log2(bitAnd(mask, -mask)))) * 1024 + mask AS p, ${inRange} AS in_range, ${bval} AS bval
        FROM events
        WHERE ${where}${scope.order === 'strict' ? '' : ` AND event_name IN ${names}`}
      )
      ${scope.order === 'strict' ? '' : 'WHERE mask != 0'}
      GROUP BY person
      HAVING ${hasStart}`;
  // ordered reads `s` without the runs of step-1 events it does not need (see above; the next
  // event's mask comes as a second, shifted array: a lambda that indexed `s` itself would copy the
  // whole array for every element)
  const events =
    scope.order === 'ordered' ? `arrayFilter((e, next) -> NOT (${maskOf('e')} = 1 AND next = 1), s, ${shiftedLeft(`arrayMap(e -> ${maskOf('e')}, s)`, 1, '0')})` : 's';
  // the end marker (see each order's columns): strict has none
  const end = (array: string, marker: string) => (scope.order === 'strict' ? array : `arrayPushBack(${array}, ${marker})`);
  const markerMask = scope.order === 'ordered' ? 2 ** stepCount - 2 : 2 ** stepCount - 1;
  const columns =
    scope.order === 'ordered' ? orderedColumns(stepCount, windowMs) : scope.order === 'strict' ? strictColumns(stepCount, windowMs) : anyColumns(stepCount, windowMs);
  return `SELECT user_id, length(times) AS level, ts[best_pos] AS anchor, arraySlice(best_times, 1, best_level) AS times, ${scope.breakdown ? 'evs[best_pos].2' : "''"} AS bval FROM (
      SELECT user_id, evs,
        ${end(`arrayMap(e -> ${tsOf('e')}, evs)`, NEVER)} AS ts,
        ${end(`arrayMap(e -> toUInt16(${maskOf('e')}), evs)`, `toUInt16(${markerMask})`)} AS ms,
        ${scope.order === 'any' ? `${end(`arrayMap(e -> ${tsOf('e')} < ${toParam}, evs)`, '0')} AS rs,` : ''}
        ${columns.join(',\n        ')}
      FROM (SELECT user_id, ${events} AS evs FROM (${perPerson}))
    ) WHERE best_level > 0`;
}
