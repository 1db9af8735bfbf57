// Alerts over HTTP (docs/alerts.md). Rules on an app's trends: a read key of the app (or the admin
// token) creates, lists, changes, silences, tests and deletes them and reads their history; a
// rule of another app is unknown. The built-in pipeline rules (/v1/alerts/pipeline…) are the
// admin token's: their thresholds come from configuration, they may be silenced and tested.

import { Type, type Static } from 'typebox';
import { AlertTrendSchema, ConditionSchema, Duration, PIPELINE_RULE_NAMES, RuleNameSchema, WebhookSchema, durationMs, formatDuration, type AlertEvent, type AlertRule, type AlertService, type DeliveryResult, type RuleState } from '../../alerts/index.ts';
import { TallyError } from '../../errors.ts';
import { AppId, BODY_ERRORS, errorResponses, type RouteGroup } from '../schemas.ts';

const AlertId = Type.String({ pattern: '^alr_[0-9a-f]{18}$', description: 'alr_…; an unknown id (or another app\'s) is a 404' });
const PipelineName = Type.String({ pattern: '^[a-z_]{1,40}$', description: `one of ${PIPELINE_RULE_NAMES.join(', ')}` });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const StateWire = Type.Object({
  state: Type.Union([Type.Literal('ok'), Type.Literal('pending'), Type.Literal('firing')]),
  breach_since: Nullable(Type.String()),
  evaluated_at: Nullable(Type.String()),
  last_notified_at: Nullable(Type.String()),
});
const stateWire = (s: RuleState | undefined): Static<typeof StateWire> => ({
  state: s?.state ?? 'ok',
  breach_since: iso(s?.breachSinceMs ?? null),
  evaluated_at: iso(s?.evaluatedAtMs ?? null),
  last_notified_at: iso(s?.lastNotifiedAtMs ?? null),
});

const AlertWire = Type.Object({
  alert_id: Type.String(),
  app_id: Type.String(),
  name: Type.String(),
  trend: Type.Record(Type.String(), Type.Unknown(), { description: 'the trends spec watched (from/to are set at each evaluation)' }),
  condition: Type.Record(Type.String(), Type.Unknown()),
  every: Type.String(),
  cooldown: Type.String(),
  webhook: Nullable(Type.Object({ url: Type.String(), format: Type.String() }, { description: 'the secret is never shown' })),
  silenced_until: Nullable(Type.String()),
  created_at: Type.String(),
  status: StateWire,
});
const alertWire = (r: AlertRule, s: RuleState | undefined): Static<typeof AlertWire> => ({
  alert_id: r.alertId,
  app_id: r.appId,
  name: r.name,
  trend: r.trend as Record<string, unknown>,
  condition: r.condition as Record<string, unknown>,
  every: formatDuration(r.everyMs),
  cooldown: formatDuration(r.cooldownMs),
  webhook: r.webhook ? { url: r.webhook.url, format: r.webhook.format } : null,
  silenced_until: iso(r.silencedUntilMs),
  created_at: r.createdAt,
  status: stateWire(s),
});

const DeliveryWire = Type.Object({
  result: Type.String({ description: 'delivered, failed, silenced, cooldown, no_webhook, or none (no notification due)' }),
  delivery_id: Type.String(),
  attempts: Type.Integer(),
  http_status: Type.Integer({ description: "the last attempt's answer (0: none)" }),
  error: Type.String(),
});
const EventWire = Type.Object({
  at: Type.String(),
  kind: Type.String({ description: 'state_change or test' }),
  value: Nullable(Type.Number()),
  band: Nullable(Type.Object({ low: Nullable(Type.Number()), high: Nullable(Type.Number()) })),
  previous_state: Type.String(),
  state: Type.String(),
  delivery: DeliveryWire,
  message: Type.String(),
});
const eventWire = (e: AlertEvent): Static<typeof EventWire> => ({
  at: new Date(e.atMs).toISOString(),
  kind: e.kind,
  value: e.value,
  band: e.low === null && e.high === null ? null : { low: e.low, high: e.high },
  previous_state: e.previousState,
  state: e.state,
  delivery: { result: e.delivery, delivery_id: e.deliveryId, attempts: e.attempts, http_status: e.httpStatus, error: e.error },
  message: e.message,
});
const testWire = (r: DeliveryResult | undefined): Static<typeof DeliveryWire> =>
  r ? { result: r.status, delivery_id: r.deliveryId, attempts: r.attempts, http_status: r.httpStatus, error: r.error } : { result: 'no_webhook', delivery_id: '', attempts: 0, http_status: 0, error: '' };

const CreateBody = Type.Object(
  {
    app_id: AppId,
    name: RuleNameSchema,
    trend: AlertTrendSchema,
    condition: ConditionSchema,
    every: Duration('how often the rule is evaluated, 1m to 1d (at the alerts_evaluate schedule)'),
    cooldown: Type.Optional(Duration('after a firing notification, another one waits at least this long (default 15m)')),
    webhook: WebhookSchema,
  },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  {
    name: Type.Optional(RuleNameSchema),
    trend: Type.Optional(AlertTrendSchema),
    condition: Type.Optional(ConditionSchema),
    every: Type.Optional(Duration('1m to 1d')),
    cooldown: Type.Optional(Duration('at most 7d')),
    webhook: Type.Optional(WebhookSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
const SilenceBody = Type.Object(
  {
    for: Type.Optional(Duration('silence for this long from now (0m lifts the silence)')),
    until: Type.Optional(Type.String({ maxLength: 40, format: 'date-time', description: 'silence until this instant' })),
  },
  { additionalProperties: false, description: 'exactly one of for and until' },
);
const AppQuery = Type.Object({ app_id: AppId }, { additionalProperties: false });
const HistoryQuery = Type.Object({ app_id: AppId, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) }, { additionalProperties: false });
const AdminHistoryQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) }, { additionalProperties: false });

function silenceUntil(body: Static<typeof SilenceBody>, nowMs: number): number | null {
  if ((body.for === undefined) === (body.until === undefined)) throw new TallyError('TALLY_ERR_ALERT_INVALID', ['silence needs exactly one of for and until']);
  if (body.for !== undefined) {
    const ms = durationMs(body.for);
    if (ms > 365 * 86_400_000) throw new TallyError('TALLY_ERR_ALERT_INVALID', ['a silence lasts at most 365d']);
    return ms === 0 ? null : nowMs + ms;
  }
  const until = Date.parse(body.until as string);
  if (!Number.isFinite(until)) throw new TallyError('TALLY_ERR_ALERT_INVALID', ['until must be an ISO 8601 instant']);
  return until <= nowMs ? null : until;
}

const Silenced = Type.Object({ alert_id: Type.String(), silenced_until: Nullable(Type.String()) });

export const alertRoutes: RouteGroup<{ readonly alerts: AlertService }> = async (app, { deps, alerts }) => {
  const tags = ['alerts'];
  const withState = async (rules: AlertRule[]) => {
    const states = await alerts.states(rules.map((r) => r.alertId));
    return rules.map((r) => alertWire(r, states.get(r.alertId)));
  };

  app.post(
    '/v1/alerts',
    {
      config: { access: 'read', app: 'body', refusal: 'create alerts for app', audit: 'change' },
      schema: {
        summary: 'Create an alert rule on a trends series',
        operationId: 'createAlert',
        description:
          'condition: threshold (op above/below, value, for), change against the previous bucket (op increase/decrease/either, percent or absolute) or anomaly (outside a seasonal band: k, weeks, min_band). ' +
          'Evaluated every `every` by the alerts_evaluate job; notifications are signed webhooks (x-tally-signature) with "state": "firing" | "resolved".',
        tags,
        body: CreateBody,
        response: { 201: Type.Object({ alert_id: Type.String(), alert: AlertWire }), ...errorResponses(...BODY_ERRORS, 404, 409) },
      },
    },
    async (req, reply) => {
      const { app_id: appId, ...input } = req.body;
      if (!deps.apps.has(appId)) throw new TallyError('TALLY_ERR_APP_UNKNOWN', [appId]);
      const rule = await alerts.create(appId, input);
      return reply.code(201).send({ alert_id: rule.alertId, alert: alertWire(rule, undefined) });
    },
  );

  app.get(
    '/v1/alerts',
    {
      config: { access: 'read', app: 'query', refusal: 'read the alerts of app' },
      schema: { summary: "An app's alert rules, with their state", operationId: 'listAlerts', tags, querystring: AppQuery, response: { 200: Type.Object({ alerts: Type.Array(AlertWire) }), ...errorResponses(400) } },
    },
    async (req) => ({ alerts: await withState(await alerts.rules.list(req.query.app_id)) }),
  );

  // the built-in pipeline rules (admin), before /v1/alerts/:alert_id
  app.get(
    '/v1/alerts/pipeline',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'The built-in pipeline rules: thresholds, state, silences (admin token)',
        operationId: 'listPipelineAlerts',
        tags,
        response: {
          200: Type.Object({
            webhook: Nullable(Type.Object({ url: Type.String(), format: Type.String() })),
            window_seconds: Type.Integer(),
            rules: Type.Array(Type.Object({ alert_id: Type.String(), name: Type.String(), description: Type.String(), threshold: Type.Number(), unit: Type.String(), variable: Type.String(), silenced_until: Nullable(Type.String()), status: StateWire })),
          }),
          ...errorResponses(),
        },
      },
    },
    async () => {
      const list = await alerts.pipelineList();
      const states = await alerts.states(list.map((p) => p.rule.alertId));
      const hook = deps.config.alerts.pipelineWebhook;
      return {
        webhook: hook ? { url: hook.url.split('?')[0], format: hook.format } : null,
        window_seconds: deps.config.alerts.pipelineWindowSeconds,
        rules: list.map(({ rule, builtIn }) => ({
          alert_id: rule.alertId,
          name: builtIn.name,
          description: builtIn.description,
          threshold: builtIn.threshold,
          unit: builtIn.unit,
          variable: builtIn.variable,
          silenced_until: iso(rule.silencedUntilMs),
          status: stateWire(states.get(rule.alertId)),
        })),
      };
    },
  );

  app.get(
    '/v1/alerts/pipeline/:name/events',
    {
      config: { access: 'admin' },
      schema: { summary: "A pipeline rule's history, newest first (admin token)", operationId: 'listPipelineAlertEvents', tags, params: Type.Object({ name: PipelineName }), querystring: AdminHistoryQuery, response: { 200: Type.Object({ events: Type.Array(EventWire) }), ...errorResponses(400, 404) } },
    },
    async (req) => {
      const { rule } = await alerts.pipelineRule(req.params.name);
      return { events: (await alerts.rules.events(rule.alertId, req.query.limit ?? 100)).map(eventWire) };
    },
  );

  app.post(
    '/v1/alerts/pipeline/:name/silence',
    {
      config: { access: 'admin', audit: 'change' },
      schema: { summary: 'Silence a pipeline rule (admin token)', operationId: 'silencePipelineAlert', tags, params: Type.Object({ name: PipelineName }), body: SilenceBody, response: { 200: Silenced, ...errorResponses(...BODY_ERRORS, 404) } },
    },
    async (req) => {
      const { rule } = await alerts.pipelineRule(req.params.name);
      const updated = await alerts.silence(rule, silenceUntil(req.body, Date.now()));
      return { alert_id: updated.alertId, silenced_until: iso(updated.silencedUntilMs) };
    },
  );

  app.post(
    '/v1/alerts/pipeline/:name/test',
    {
      config: { access: 'admin', audit: 'change' },
      schema: { summary: "Send a test notification to the pipeline webhook (admin token)", operationId: 'testPipelineAlert', tags, params: Type.Object({ name: PipelineName }), response: { 200: Type.Object({ delivery: DeliveryWire }), ...errorResponses(400, 404) } },
    },
    async (req) => {
      const { rule } = await alerts.pipelineRule(req.params.name);
      return { delivery: testWire(await alerts.test(rule)) };
    },
  );

  app.get(
    '/v1/alerts/:alert_id',
    {
      config: { access: 'read', app: 'query', refusal: 'read the alerts of app' },
      schema: { summary: 'One alert rule, with its state', operationId: 'getAlert', tags, params: Type.Object({ alert_id: AlertId }), querystring: AppQuery, response: { 200: AlertWire, ...errorResponses(400, 404) } },
    },
    async (req) => (await withState([await alerts.get(req.query.app_id, req.params.alert_id)]))[0],
  );

  app.patch(
    '/v1/alerts/:alert_id',
    {
      config: { access: 'read', app: 'query', refusal: 'change the alerts of app', audit: 'change' },
      schema: { summary: 'Change an alert rule (the fields given)', operationId: 'updateAlert', tags, params: Type.Object({ alert_id: AlertId }), querystring: AppQuery, body: UpdateBody, response: { 200: AlertWire, ...errorResponses(...BODY_ERRORS, 404) } },
    },
    async (req) => {
      const rule = await alerts.get(req.query.app_id, req.params.alert_id);
      return (await withState([await alerts.update(rule, req.body)]))[0];
    },
  );

  app.delete(
    '/v1/alerts/:alert_id',
    {
      config: { access: 'read', app: 'query', refusal: 'delete the alerts of app', audit: 'change' },
      schema: { summary: 'Delete an alert rule (its history stays 90 days)', operationId: 'deleteAlert', tags, params: Type.Object({ alert_id: AlertId }), querystring: AppQuery, response: { 200: Type.Object({ alert_id: Type.String(), deleted: Type.Literal(true) }), ...errorResponses(400, 404) } },
    },
    async (req) => {
      const rule = await alerts.get(req.query.app_id, req.params.alert_id);
      await alerts.remove(rule);
      return { alert_id: rule.alertId, deleted: true as const };
    },
  );

  app.post(
    '/v1/alerts/:alert_id/silence',
    {
      config: { access: 'read', app: 'query', refusal: 'silence the alerts of app', audit: 'change' },
      schema: {
        summary: 'Silence an alert rule: it is still evaluated and recorded, but delivers nothing until the silence ends',
        operationId: 'silenceAlert',
        tags,
        params: Type.Object({ alert_id: AlertId }),
        querystring: AppQuery,
        body: SilenceBody,
        response: { 200: Silenced, ...errorResponses(...BODY_ERRORS, 404) },
      },
    },
    async (req) => {
      const rule = await alerts.get(req.query.app_id, req.params.alert_id);
      const updated = await alerts.silence(rule, silenceUntil(req.body, Date.now()));
      return { alert_id: updated.alertId, silenced_until: iso(updated.silencedUntilMs) };
    },
  );

  app.post(
    '/v1/alerts/:alert_id/test',
    {
      config: { access: 'read', app: 'query', refusal: 'test the alerts of app', audit: 'change' },
      schema: {
        summary: "Send a test notification (the current value, marked test) to the rule's webhook",
        operationId: 'testAlert',
        description: 'Delivered like a real notification (signature, retries) even while silenced; recorded in the history as kind test.',
        tags,
        params: Type.Object({ alert_id: AlertId }),
        querystring: AppQuery,
        response: { 200: Type.Object({ delivery: DeliveryWire }), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const rule = await alerts.get(req.query.app_id, req.params.alert_id);
      return { delivery: testWire(await alerts.test(rule)) };
    },
  );

  app.get(
    '/v1/alerts/:alert_id/events',
    {
      config: { access: 'read', app: 'query', refusal: 'read the alerts of app' },
      schema: {
        summary: "A rule's history, newest first: value, band, state change, delivery result",
        operationId: 'listAlertEvents',
        tags,
        params: Type.Object({ alert_id: AlertId }),
        querystring: HistoryQuery,
        response: { 200: Type.Object({ events: Type.Array(EventWire) }), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const rule = await alerts.get(req.query.app_id, req.params.alert_id);
      return { events: (await alerts.rules.events(rule.alertId, req.query.limit ?? 100)).map(eventWire) };
    },
  );

  app.get(
    '/v1/alerts/:alert_id/deliveries',
    {
      config: { access: 'read', app: 'query', refusal: 'read the alerts of app' },
      schema: {
        summary: "A rule's delivery log: every webhook attempt, newest first",
        operationId: 'listAlertDeliveries',
        tags,
        params: Type.Object({ alert_id: AlertId }),
        querystring: HistoryQuery,
        response: {
          200: Type.Object({
            deliveries: Type.Array(Type.Object({ delivery_id: Type.String(), attempt: Type.Integer(), at: Type.String(), url: Type.String(), format: Type.String(), state: Type.String(), http_status: Type.Integer(), error: Type.String(), duration_ms: Type.Integer() })),
          }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (req) => {
      const rule = await alerts.get(req.query.app_id, req.params.alert_id);
      return { deliveries: await alerts.rules.deliveries(rule.alertId, req.query.limit ?? 100) };
    },
  );
};
