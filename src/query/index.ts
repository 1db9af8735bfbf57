// Public surface of the query stage: typed specs compiled to SQL with bound parameters.
export { listEvents } from './list-events.ts';
export type { ListEventsSpec, EventRecord } from './list-events.ts';
export { REPORT_TEMPLATES, isReportTemplate } from './reports/index.ts';
export type { ReportParams, ReportResult, ReportTemplate } from './reports/index.ts';
export { resolveTimeRange, checkTimezone, parseTime } from './time-range.ts';
export type { TimeRange } from './time-range.ts';
