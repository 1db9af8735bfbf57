// What the behavioural insights (funnels, retention, paths, experiments) share: the spec fields
// every one of them takes, durations like "30m" or "7d", and the WHERE clause of "this app, this
// time range, these filters, this segment". Values only ever reach SQL as bound parameters.

import { Type } from 'typebox';
import { TallyError } from '../errors.ts';
import { APP_ID_PATTERN } from '../event/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { PropertySourceSchema, compileFilters, type Filter } from './filters.ts';
import type { ParamBag } from './params.ts';
import { segmentCondition, type SegmentRef } from './segments.ts';
import { appRange, timeParam } from './sql.ts';

export const AppIdField = Type.String({ pattern: APP_ID_PATTERN });
export const FromField = Type.Optional(Type.String({ maxLength: 40, description: 'inclusive; ISO time or relative like -30d (default: 30 days before `to`)' }));
export const ToField = Type.Optional(Type.String({ maxLength: 40, description: 'exclusive; ISO time or relative (default: now)' }));
export const EventName = Type.String({ minLength: 1, maxLength: 200 });

/** a duration: a positive integer and a unit (s, m, h, d, w) */
export const DurationField = (description: string, defaultValue: string) =>
  Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,6}(s|m|h|d|w)$', default: defaultValue, description }));

/** the label of the group holding every breakdown value past the top N (same as trends) */
export const OTHER_BREAKDOWN_VALUE = '$other';

export const BreakdownField = Type.Optional(
  Type.Object(
    {
      property: Type.String({ minLength: 1, maxLength: 128 }),
      source: Type.Optional(PropertySourceSchema),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10, description: `top N values by users; the rest form one "${OTHER_BREAKDOWN_VALUE}" group` })),
    },
    { additionalProperties: false },
  ),
);

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** the longest conversion window or look-ahead an insight may use (366 days) */
export const MAX_DURATION_MS = 366 * 86_400_000;

export function parseDurationMs(text: string, field: string): number {
  const m = /^([1-9][0-9]{0,6})(s|m|h|d|w)$/.exec(text);
  const ms = m ? Number(m[1]) * UNIT_MS[m[2]] : NaN;
  if (!(ms > 0) || ms > MAX_DURATION_MS) throw new TallyError('TALLY_ERR_QUERY_INVALID', [`${field} must be like 30m, 2h, 1d or 7d and at most 366 days: ${text.slice(0, 20)}`]);
  return ms;
}

/** binds an epoch-ms instant as a DateTime64(3, 'UTC') parameter */
export { timeParam };

export interface ScopeSpec {
  readonly appId: string;
  readonly fromMs: number;
  /** exclusive */
  readonly toMs: number;
  readonly filters?: readonly Filter[];
  readonly segment?: SegmentRef;
}

/**
 * `app_id = … AND timestamp in [from, to) AND <filters> AND <segment membership>`; the segment is
 * resolved against the store when it is a saved one.
 */
export async function scopeWhere(scope: ScopeSpec, params: ParamBag, store: StoreConnection, nowMs: number): Promise<string> {
  const segment = await segmentCondition(scope.segment, scope.appId, params, store, nowMs);
  return [
    appRange(params, scope.appId, scope.fromMs, scope.toMs),
    `(${compileFilters(scope.filters, params)})`,
    `(${segment})`,
  ].join(' AND ');
}

/** `event_name = … AND <filters>` for one step or goal */
export function eventCondition(event: string, filters: readonly Filter[] | undefined, params: ParamBag): string {
  return `(event_name = ${params.add(event, 'String')} AND (${compileFilters(filters, params)}))`;
}

export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
