// Public surface of alerts: rules on trends (threshold, change, anomaly) and the built-in pipeline
// rules, evaluated by the `alerts_evaluate` job, delivered to signed webhooks; the slow-query log.

export { createAlertService } from './service.ts';
export type { AlertService, RuleInput, EvaluationSummary } from './service.ts';
export { alertsJob, ALERTS_JOB } from './alerts-job.ts';
export { AlertTrendSchema, ConditionSchema, WebhookSchema, RuleNameSchema, Duration, PAYLOAD_FORMATS, durationMs, formatDuration } from './rule.ts';
export type { AlertRule, Condition, PayloadFormat } from './rule.ts';
export type { AlertEvent, AlertState, RuleState } from './rule-store.ts';
export { PIPELINE_RULE_NAMES, pipelineAlertId } from './pipeline-rules.ts';
export type { PipelineRule } from './pipeline-rules.ts';
export { seasonalBand, median } from './anomaly.ts';
export type { Band, BandOptions } from './anomaly.ts';
export { judge } from './conditions.ts';
export { signatureHeaders, verifySignature, verifyTimedSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, TIMED_SIGNATURE_HEADER, DELIVERY_ID_HEADER } from './signature.ts';
export { createSlowQueryLog, specHash } from './slow-queries.ts';
export type { SlowQueryLog } from './slow-queries.ts';
export type { DeliveryResult } from './delivery.ts';
export { deliver } from './delivery.ts';
export { isPublicAddress, publicOnlyLookup } from './webhook-address.ts';
