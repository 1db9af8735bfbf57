// The event's times in their three text forms: the wire timestamp a client sends (ISO 8601 with a
// zone, or epoch milliseconds), and the engine's DateTime64(3) text ('YYYY-MM-DD hh:mm:ss.mmm',
// UTC) written into rows and read back from produced rows. Every reader refuses an impossible
// calendar moment instead of rolling it over (Feb 31 → Mar 3), because the engine refuses the text
// it would then be sent, and with it the whole insert it shares with other apps' events.

import { toEngineTime } from '../store/index.ts';

/** the first and last moments DateTime64(3) holds */
export const MIN_EVENT_TIME_MS = Date.UTC(1970, 0, 1);
export const MAX_EVENT_TIME_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;
const CANONICAL_ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// the engine's text form is the store's (one definition for every table)
export { toEngineTime };

/** the canonical ISO form, 'YYYY-MM-DDThh:mm:ss.mmmZ' (what `Date.prototype.toISOString` writes) */
export function isCanonicalIso(value: string): boolean {
  return value.length === 24 && CANONICAL_ISO_RE.test(value);
}

/** engine text of a wire timestamp worth `ms`; the canonical ISO form (most SDKs send it) is sliced, not re-formatted */
export function engineTimeOf(sent: unknown, ms: number): string {
  if (typeof sent === 'string' && isCanonicalIso(sent)) return `${sent.slice(0, 10)} ${sent.slice(11, 23)}`;
  return toEngineTime(ms);
}

/** the number written by `length` ASCII digits at `from`, or -1 */
function digitsAt(v: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysIn(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

/**
 * epoch ms of the calendar moment written 'YYYY-MM-DD?hh:mm:ss.mmm' in the first 23 characters
 * (the separator at 10 is the caller's to check), read without a regular expression; NaN if a
 * field is not digits or the moment is not real (no Feb 31, no 24:00)
 */
function calendarMs(v: string): number {
  if (v[4] !== '-' || v[7] !== '-' || v[13] !== ':' || v[16] !== ':' || v[19] !== '.') return Number.NaN;
  const year = digitsAt(v, 0, 4);
  const month = digitsAt(v, 5, 2);
  const day = digitsAt(v, 8, 2);
  const hour = digitsAt(v, 11, 2);
  const minute = digitsAt(v, 14, 2);
  const second = digitsAt(v, 17, 2);
  const milli = digitsAt(v, 20, 3);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) return Number.NaN;
  if (day > daysIn(year, month)) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, milli);
}

/** epoch ms of the canonical form 'YYYY-MM-DDThh:mm:ss.sssZ' (what toISOString and most SDKs write); NaN if it is not that form or not a real moment */
function canonicalIsoMs(v: string): number {
  if (v.length !== 24 || v.charCodeAt(23) !== 90 /* Z */ || v[10] !== 'T') return Number.NaN;
  return calendarMs(v);
}

/** epoch ms of a wire timestamp (ISO 8601 with a zone, or epoch ms), undefined unless it names a real moment */
export function parseWireTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.floor(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const canonical = canonicalIsoMs(value);
  if (!Number.isNaN(canonical)) return canonical;
  const m = ISO_RE.exec(value);
  if (!m) return undefined;
  // Date.parse rolls impossible dates over (Feb 31 → Mar 3, 24:00 → next day): every part must
  // name a real calendar moment
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const civil = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (civil.getUTCFullYear() !== year || civil.getUTCMonth() !== month - 1 || civil.getUTCDate() !== day || civil.getUTCHours() !== hour || civil.getUTCMinutes() !== minute || civil.getUTCSeconds() !== second) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** epoch ms of engine time text, NaN unless it is a real time that DateTime64(3) holds */
export function parseEngineTime(v: string): number {
  if (v.length !== 23 || v[10] !== ' ') return Number.NaN;
  const ms = calendarMs(v);
  return ms < MIN_EVENT_TIME_MS || ms > MAX_EVENT_TIME_MS ? Number.NaN : ms;
}
