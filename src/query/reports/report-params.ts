// Parameters every report template shares, resolved once.

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

export function baseParams(p: ReportParams): Record<string, unknown> {
  return { app: p.appId, from: p.range.from, to: p.range.to, tz: p.timezone, limit: p.limit };
}

export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
