// The report templates by name (seed 003's /report), one file each.

import type { StoreConnection } from '../../store/index.ts';
import { dashboardMetrics } from './dashboard-metrics.ts';
import { engagement } from './engagement.ts';
import { overviewStats } from './overview-stats.ts';
import type { ReportParams, ReportResult } from './report-params.ts';
import { revenue } from './revenue.ts';
import { searchAnalytics } from './search-analytics.ts';
import { topContent } from './top-content.ts';

export type { ReportParams, ReportResult } from './report-params.ts';
export { createRealtimeMetrics, REALTIME_METRICS_TABLE } from './realtime-metrics.ts';
export type { RealtimeMetrics, RealtimeMetricsOptions, CachedMetric } from './realtime-metrics.ts';
export { metricsCleanupJob, METRICS_CLEANUP_JOB, METRICS_CLEANUP_SCHEDULE } from './metrics-cleanup-job.ts';

export const REPORT_TEMPLATES = {
  overview_stats: overviewStats,
  top_content: topContent,
  search_analytics: searchAnalytics,
  dashboard_metrics: dashboardMetrics,
  engagement,
  revenue,
} as const satisfies Record<string, (conn: StoreConnection, p: ReportParams) => Promise<ReportResult>>;

export type ReportTemplate = keyof typeof REPORT_TEMPLATES;

export function isReportTemplate(name: string): name is ReportTemplate {
  return Object.hasOwn(REPORT_TEMPLATES, name);
}
