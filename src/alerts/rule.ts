// An alert rule as the API takes it (`POST /v1/alerts`) and as it is stored: a trends series, a
// condition (threshold, change against the previous bucket, or anomaly against a seasonal
// baseline), how often it is evaluated, the cooldown between notifications and the webhook. The
// shapes are TypeBox schemas (validated at the edge); checkRule adds what a schema cannot say.

import { Type, type Static } from 'typebox';
import { TallyError } from '../errors.ts';
import { TrendsSpecSchema, type TrendsSpec } from '../query/index.ts';

const DURATION_PATTERN = '^[0-9]{1,6}(s|m|h|d)$';
export const Duration = (description: string) => Type.String({ pattern: DURATION_PATTERN, maxLength: 8, description });

export const PAYLOAD_FORMATS = ['tally', 'slack', 'alertmanager'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

export const ThresholdConditionSchema = Type.Object(
  {
    kind: Type.Literal('threshold'),
    op: Type.Union([Type.Literal('above'), Type.Literal('below')]),
    value: Type.Number(),
    for: Type.Optional(Duration('the condition must hold this long before the rule fires (default 0s: at once)')),
  },
  { additionalProperties: false },
);

export const ChangeConditionSchema = Type.Object(
  {
    kind: Type.Literal('change'),
    op: Type.Optional(Type.Union([Type.Literal('increase'), Type.Literal('decrease'), Type.Literal('either')], { description: 'default either' })),
    percent: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, description: 'fires when the value moved by at least this percent of the previous bucket' })),
    absolute: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'fires when the value moved by at least this much' })),
    for: Type.Optional(Duration('the condition must hold this long before the rule fires (default 0s)')),
  },
  { additionalProperties: false },
);

export const AnomalyConditionSchema = Type.Object(
  {
    kind: Type.Literal('anomaly'),
    op: Type.Optional(Type.Union([Type.Literal('above'), Type.Literal('below'), Type.Literal('either')], { description: 'default either' })),
    k: Type.Optional(Type.Number({ minimum: 1, maximum: 20, description: 'band half-width in robust standard deviations (k · 1.4826 · MAD; default 4)' })),
    weeks: Type.Optional(Type.Integer({ minimum: 2, maximum: 8, description: 'weeks of history the seasonal baseline is learned from (default 4)' })),
    min_band: Type.Optional(Type.Number({ minimum: 0, description: 'smallest band half-width (default: 1 for counts, 0 otherwise)' })),
    for: Type.Optional(Duration('the value must stay outside the band this long before the rule fires (default 0s)')),
  },
  { additionalProperties: false },
);

export const ConditionSchema = Type.Union([ThresholdConditionSchema, ChangeConditionSchema, AnomalyConditionSchema]);
export type Condition = Static<typeof ConditionSchema>;

/** a trends spec (POST /v1/insights/trends); its app_id may be left out (the rule's) and from/to are set at each evaluation */
export const AlertTrendSchema = Type.Object(
  { ...TrendsSpecSchema.properties, app_id: Type.Optional(TrendsSpecSchema.properties.app_id) },
  { additionalProperties: false, description: 'a trends spec: the first series is watched; interval minute, hour or day; no breakdown or compare' },
);
export type AlertTrend = Static<typeof AlertTrendSchema>;

export const WebhookSchema = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://', description: 'http(s) URL the notifications are POSTed to' }),
    secret: Type.String({ minLength: 8, maxLength: 256, description: 'HMAC-SHA256 key of the signature headers; never shown again' }),
    format: Type.Optional(Type.Union(PAYLOAD_FORMATS.map((f) => Type.Literal(f)), { default: 'tally' })),
  },
  { additionalProperties: false },
);

export const RuleNameSchema = Type.String({ minLength: 1, maxLength: 200 });

/** what an evaluation needs of a rule, as stored (JSON in alert_rules.definition) */
export interface RuleDefinition {
  readonly trend: TrendsSpec;
  readonly condition: Condition;
  readonly everyMs: number;
  readonly cooldownMs: number;
  readonly webhook: { readonly url: string; readonly format: PayloadFormat } | undefined;
}

export interface AlertRule extends RuleDefinition {
  readonly alertId: string;
  readonly appId: string;
  readonly name: string;
  /** the HMAC key ('' for none) */
  readonly secret: string;
  readonly silencedUntilMs: number | null;
  readonly createdAt: string;
  /** built-in pipeline rules: admin only, not stored */
  readonly pipeline: boolean;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function durationMs(text: string): number {
  const m = /^([0-9]{1,6})(s|m|h|d)$/.exec(text);
  if (!m) throw new TallyError('TALLY_ERR_ALERT_INVALID', [`bad duration ${JSON.stringify(text.slice(0, 20))} (e.g. 30s, 5m, 1h, 1d)`]);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}

export const INTERVAL_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type AlertInterval = keyof typeof INTERVAL_MS;

const MIN_EVERY_MS = 60_000;
const MAX_EVERY_MS = 86_400_000;
const MAX_FOR_MS = 7 * 86_400_000;

/** Checks what the schema cannot: durations in range, one measure of change, an interval the condition can use. */
export function checkRule(appId: string, trend: AlertTrend, condition: Condition, every: string, cooldown: string | undefined): { trend: TrendsSpec; everyMs: number; cooldownMs: number } {
  const invalid = (why: string) => new TallyError('TALLY_ERR_ALERT_INVALID', [why]);
  if (trend.app_id !== undefined && trend.app_id !== appId) throw invalid('trend.app_id must be the rule\'s app_id');
  if (trend.breakdown !== undefined) throw invalid('a rule watches one series: trend.breakdown is not supported');
  if (trend.compare) throw invalid('trend.compare is not supported (use a change condition)');
  const interval = trend.interval ?? 'day';
  if (!(interval in INTERVAL_MS)) throw invalid('trend.interval must be minute, hour or day');
  if (trend.series.length !== 1) throw invalid('a rule watches exactly one trend series');
  const everyMs = durationMs(every);
  if (everyMs < MIN_EVERY_MS || everyMs > MAX_EVERY_MS) throw invalid('every must be from 1m to 1d');
  const cooldownMs = durationMs(cooldown ?? '15m');
  if (cooldownMs > MAX_FOR_MS) throw invalid('cooldown must be at most 7d');
  if (condition.for !== undefined && durationMs(condition.for) > MAX_FOR_MS) throw invalid('for must be at most 7d');
  if (condition.kind === 'change' && (condition.percent === undefined) === (condition.absolute === undefined)) throw invalid('a change condition needs exactly one of percent and absolute');
  if (condition.kind === 'anomaly' && interval === 'minute') throw invalid('an anomaly condition needs interval hour or day (its baseline spans weeks)');
  const { from: _from, to: _to, ...rest } = trend;
  return { trend: { ...rest, app_id: appId, interval, compare: false }, everyMs, cooldownMs };
}
