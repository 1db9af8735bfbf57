// Time ranges for every analysis: `from` inclusive, `to` exclusive, as ISO strings or relative
// to now ('-30d', '-12h', '-15m', '-2w', 'now'). Timezones are IANA names, checked against the
// runtime's list so they can be passed to the engine safely.

import { TallyError } from '../errors.ts';
import { toEngineTime } from '../event/index.ts';

export interface TimeRange {
  readonly fromMs: number;
  readonly toMs: number;
  /** engine text form, for {name:DateTime64(3, 'UTC')} parameters */
  readonly from: string;
  readonly to: string;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ZONES = new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
/** the longest range an analysis may span (default 10 years) */
const MAX_RANGE_MS = 3653 * 86_400_000;

export function parseTime(value: string, nowMs: number, field: string): number {
  if (value === 'now') return nowMs;
  const rel = /^-(\d{1,6})([mhdw])$/.exec(value);
  if (rel) return nowMs - Number(rel[1]) * UNIT_MS[rel[2]];
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new TallyError('TALLY_ERR_QUERY_INVALID', [`${field} must be an ISO time or relative like -30d: ${value.slice(0, 40)}`]);
}

export function resolveTimeRange(from: string | undefined, to: string | undefined, nowMs = Date.now(), defaultDays = 30): TimeRange {
  const toMs = to === undefined ? nowMs : parseTime(to, nowMs, 'to');
  const fromMs = from === undefined ? toMs - defaultDays * 86_400_000 : parseTime(from, nowMs, 'from');
  if (fromMs >= toMs) throw new TallyError('TALLY_ERR_QUERY_INVALID', ['from must be before to']);
  if (toMs - fromMs > MAX_RANGE_MS) throw new TallyError('TALLY_ERR_QUERY_INVALID', ['range longer than 10 years']);
  return { fromMs, toMs, from: toEngineTime(Math.max(0, fromMs)), to: toEngineTime(Math.min(toMs, Date.UTC(2299, 11, 31))) };
}

/** zones the runtime knows under a non-canonical alias (e.g. Asia/Kolkata, listed as Asia/Calcutta) */
function isAliasZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){1,2}$/.test(zone) || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function checkTimezone(tz: string | undefined): string {
  const zone = tz ?? 'UTC';
  if (!ZONES.has(zone) && !isAliasZone(zone)) throw new TallyError('TALLY_ERR_QUERY_INVALID', [`unknown timezone ${zone.slice(0, 64)}`]);
  return zone;
}
