// Parameters every report template shares, resolved once.

import type { StoreConnection } from '../../store/index.ts';
import { ParamBag } from '../params.ts';
import { appRange } from '../sql.ts';
import type { TimeRange } from '../time-range.ts';

export interface ReportParams {
  readonly appId: string;
  readonly range: TimeRange;
  readonly timezone: string;
  /** template-specific: event name to look at */
  readonly event?: string;
  /** template-specific: property to group or sum by */
  readonly property?: string;
  /** rows to return (default 10, at most 1000) */
  readonly limit: number;
  /** reference time for "last hour"/"today" (epoch ms) */
  readonly atMs: number;
}

export interface ReportResult {
  readonly totals: Record<string, number | string | null>;
  readonly rows: ReadonlyArray<Record<string, unknown>>;
  readonly [extra: string]: unknown;
}

/** what every template binds: the scope clause, the timezone and the row limit */
export interface ReportScope {
  readonly params: ParamBag;
  /** `app_id = … AND timestamp in [from, to)` */
  readonly where: string;
  readonly tz: string;
  readonly limit: string;
}

export function reportScope(conn: StoreConnection, p: ReportParams): ReportScope {
  const params = new ParamBag(conn.propertyColumns);
  return { params, where: appRange(params, p.appId, p.range.fromMs, p.range.toMs), tz: params.add(p.timezone, 'String'), limit: params.add(p.limit, 'UInt32') };
}

export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
