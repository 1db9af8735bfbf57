// Time buckets of an analysis: minute/hour/day/week (Monday)/month, in an IANA timezone. The
// bucket of an event and the list of buckets a range spans are both computed by the engine with the
// same expression, so a filled series can never disagree with the grouped one (DST days are 23 or
// 25 hours long, and a week or month starts at local midnight).

import { TallyError } from '../errors.ts';
import { toEngineTime } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { ParamBag } from './params.ts';

export const INTERVALS = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

/** at most this many buckets per series (a coded 400 beyond) */
export const MAX_BUCKETS = 5000;

/** nominal bucket length, for the guard before anything runs */
export const HOUR_MS = 3_600_000;
const NOMINAL_MS: Record<Interval, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000, month: 28 * 86_400_000 };
/** probe spacing when listing buckets: every UTC offset in use is a multiple of 15 minutes */
const PROBE_MS: Record<Interval, number> = { minute: 60_000, hour: 900_000, day: 900_000, week: 900_000, month: 900_000 };

/**
 * SQL of the bucket start (a DateTime in `tzParam`) of the DateTime64 column `column`;
 * `tzParam` is a bound {pN:String} placeholder of a checked timezone.
 */
export function bucketExpr(interval: Interval, tzParam: string, column = 'timestamp'): string {
  switch (interval) {
    case 'minute':
      return `toStartOfMinute(${column}, ${tzParam})`;
    case 'hour':
      return `toStartOfHour(${column}, ${tzParam})`;
    case 'day':
      return `toStartOfDay(${column}, ${tzParam})`;
    case 'week':
      return `toDateTime(toMonday(${column}, ${tzParam}), ${tzParam})`;
    case 'month':
      return `toDateTime(toStartOfMonth(${column}, ${tzParam}), ${tzParam})`;
  }
}

/** SQL of the bucket start as epoch seconds */
export function bucketSecondsExpr(interval: Interval, tzParam: string, column = 'timestamp'): string {
  return `toUnixTimestamp(${bucketExpr(interval, tzParam, column)})`;
}

/** throws TALLY_ERR_QUERY_TOO_MANY_BUCKETS when [fromMs, toMs) would hold too many buckets */
export function guardBuckets(interval: Interval, fromMs: number, toMs: number, max = MAX_BUCKETS): void {
  const estimate = Math.ceil((toMs - fromMs) / NOMINAL_MS[interval]) + 1;
  if (estimate > max) throw new TallyError('TALLY_ERR_QUERY_TOO_MANY_BUCKETS', [`about ${estimate}`, interval, max]);
}

/**
 * Start instants (epoch ms, ascending) of every bucket that overlaps [fromMs, toMs): the engine
 * buckets probe instants spread over the range (and the range's last millisecond).
 */
export async function listBuckets(store: StoreConnection, interval: Interval, timezone: string, fromMs: number, toMs: number): Promise<number[]> {
  guardBuckets(interval, fromMs, toMs);
  const key = `${interval}\u0000${timezone}\u0000${fromMs}\u0000${toMs}`;
  const known = listed.get(key);
  if (known) return [...known];
  const buckets = await askBuckets(store, interval, timezone, fromMs, toMs);
  listed.set(key, buckets);
  if (listed.size > LISTED_MAX) listed.delete(listed.keys().next().value as string);
  return [...buckets];
}

/**
 * Bucket lists already asked for. A list depends only on its arguments and the engine's timezone
 * rules, so a dashboard asking the same ranges again saves the engine round trip (a statement
 * queued behind others on its session). Bounded; oldest first out.
 */
const listed = new Map<string, readonly number[]>();
const LISTED_MAX = 1024;

async function askBuckets(store: StoreConnection, interval: Interval, timezone: string, fromMs: number, toMs: number): Promise<number[]> {
  const params = new ParamBag(store.propertyColumns);
  const tz = params.add(timezone, 'String');
  const probes = Math.ceil((toMs - fromMs) / PROBE_MS[interval]);
  const from = params.add(toEngineTime(fromMs), "DateTime64(3, 'UTC')");
  const last = params.add(toEngineTime(toMs - 1), "DateTime64(3, 'UTC')");
  const rows = await store.query<{ t: number }>(
    `SELECT DISTINCT ${bucketSecondsExpr(interval, tz, 'p')} AS t FROM (
       SELECT addMilliseconds(${from}, number * ${params.add(PROBE_MS[interval], 'UInt64')}) AS p FROM numbers(${params.add(probes, 'UInt64')})
       UNION ALL SELECT ${last} AS p)
     ORDER BY t`,
    params.values,
  );
  return rows.map((r) => r.t * 1000);
}

/** UTC hours in [h0, h1) that straddle a bucket boundary (none for whole-hour zones, except hourly in half-hour zones) */
export async function straddlingHours(store: StoreConnection, interval: Interval, timezone: string, h0: number, h1: number): Promise<number[]> {
  if (h1 <= h0) return [];
  const params = new ParamBag(store.propertyColumns);
  const tz = params.add(timezone, 'String');
  const start = params.add(h0 / 1000, 'UInt32');
  const rows = await store.query<{ hours: number[] }>(
    `SELECT groupArray(toUnixTimestamp(h)) AS hours FROM (
       SELECT toDateTime(${start} + number * 3600, 'UTC') AS h FROM numbers(${params.add((h1 - h0) / HOUR_MS, 'UInt64')}))
     WHERE ${bucketExpr(interval, tz, 'h')} != ${bucketExpr(interval, tz, 'addSeconds(h, 3599)')}`,
    params.values,
  );
  return (rows[0]?.hours ?? []).map((s) => s * 1000);
}
