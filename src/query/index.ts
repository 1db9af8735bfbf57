// Public surface of the query stage: typed specs compiled to SQL with bound parameters.
export { listEvents } from './list-events.ts';
export type { ListEventsSpec, EventRecord } from './list-events.ts';
export { REPORT_TEMPLATES, isReportTemplate } from './reports/index.ts';
export type { ReportParams, ReportResult, ReportTemplate } from './reports/index.ts';
export { resolveTimeRange, checkTimezone, parseTime } from './time-range.ts';
export type { TimeRange } from './time-range.ts';
export { ParamBag } from './params.ts';
export { compileFilters, fieldExpr, propertyExpr, FilterSchema, FiltersSchema, FILTER_OPS, CONTEXT_COLUMNS, EVENT_COLUMNS } from './filters.ts';
export type { Filter, FilterOp } from './filters.ts';
