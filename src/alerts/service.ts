// The alert service: rules (create, list, update, delete, silence), their evaluation at a given
// time, notifications (with silence and cooldown), tests and history. The `alerts_evaluate` job
// (alerts-job.ts) calls evaluateDue at each scheduled time; evaluation time is that scheduled time,
// so a run repeated for the same time judges the same buckets.

import type { Registry } from 'prom-client';
import type { AlertsConfig } from '../config/index.ts';
import { TallyError } from '../errors.ts';
import type { Logger } from '../observability/index.ts';
import { trends } from '../query/index.ts';
import type { StoreConnection } from '../store/index.ts';
import { historyBuckets, judge, type Judgement } from './conditions.ts';
import { deliver, newDeliveryId, type DeliveryAttempt, type DeliveryResult, type WebhookTarget } from './delivery.ts';
import type { Notification } from './payloads.ts';
import { pipelineAlertId, pipelineRules, type PipelineRule } from './pipeline-rules.ts';
import { checkRule, durationMs, formatDuration, INTERVAL_MS, type AlertInterval, type AlertRule, type AlertTrend, type Condition, type PayloadFormat } from './rule.ts';
import { createRuleStore, INITIAL_STATE, type AlertEvent, type RuleState } from './rule-store.ts';
import type { SlowQueryLog } from './slow-queries.ts';
import { transition } from './transition.ts';
import { literalHostProblem } from './webhook-address.ts';

export interface AlertServiceOptions {
  readonly store: StoreConnection;
  readonly config: AlertsConfig;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly slowQueries: SlowQueryLog;
  /** wall clock of rule creation and deliveries (evaluations use their scheduled time) */
  readonly now?: () => number;
}

export interface RuleInput {
  readonly name: string;
  readonly trend: AlertTrend;
  readonly condition: Condition;
  readonly every: string;
  readonly cooldown?: string;
  readonly webhook: { readonly url: string; readonly secret: string; readonly format?: PayloadFormat };
}

export interface EvaluationSummary {
  readonly evaluated: number;
  readonly firing: number;
  readonly notifications: number;
  readonly failedDeliveries: number;
}

const SLACK_OF_EVERY_MS = 5000;

export function createAlertService(options: AlertServiceOptions) {
  const { store, config, logger } = options;
  const now = options.now ?? Date.now;
  const rules = createRuleStore(store, now);
  const builtIns: PipelineRule[] = config.pipelineRules ? pipelineRules({ store, registry: options.registry, slowQueries: options.slowQueries, thresholds: config.thresholds }) : [];
  const builtInByName = new Map(builtIns.map((r) => [r.name, r]));

  async function observe(rule: AlertRule, atMs: number): Promise<Judgement> {
    const interval = (rule.trend.interval ?? 'day') as AlertInterval;
    const stepMs = INTERVAL_MS[interval];
    const needed = historyBuckets(rule.condition, stepMs) + 1;
    // one bucket more than needed and one before it: the first answered bucket may be cut by `from`
    const fromMs = atMs - (needed + 2) * stepMs;
    const spec = { ...rule.trend, from: new Date(fromMs).toISOString(), to: new Date(atMs).toISOString() };
    const startedMs = performance.now();
    const answer = await trends(store, spec);
    // the evaluation's own question is timed like the API's (logged over TALLY_SLOW_QUERY_LOG_MS)
    options.slowQueries.observe('alerts/trends', spec, performance.now() - startedMs);
    const points = (answer.series[0]?.points ?? []).slice(1).filter((p) => Date.parse(p.t) + stepMs <= atMs);
    const values = points.slice(-needed).map((p) => p.value);
    return judge(rule.condition, values, stepMs, rule.trend.series[0].math ?? 'count');
  }

  function target(rule: AlertRule): WebhookTarget | undefined {
    if (rule.pipeline) return config.pipelineWebhook;
    return rule.webhook ? { url: rule.webhook.url, format: rule.webhook.format, secret: rule.secret } : undefined;
  }

  async function send(rule: AlertRule, n: Notification): Promise<DeliveryResult | undefined> {
    const to = target(rule);
    if (!to) return undefined;
    const attempts: DeliveryAttempt[] = [];
    const result = await deliver(to, n, {
      attempts: config.deliveryAttempts,
      retryBaseMs: config.deliveryRetryBaseMs,
      timeoutMs: config.deliveryTimeoutMs,
      // the pipeline webhook is the operator's own setting; an app's comes from a key holder
      privateNetworks: rule.pipeline || config.webhookPrivateNetworks,
      now,
      onAttempt: (a) => attempts.push(a),
    });
    await rules.logAttempts(rule.alertId, rule.appId, to.url, to.format, n.state, attempts);
    if (result.status === 'failed') logger.warn({ alertId: rule.alertId, deliveryId: result.deliveryId, attempts: result.attempts, error: result.error }, 'alert delivery failed');
    return result;
  }

  function notification(rule: AlertRule, state: 'firing' | 'resolved', j: Judgement, atMs: number, firingSinceMs: number | null, test: boolean): Notification {
    const builtIn = rule.pipeline ? builtInByName.get(rule.name) : undefined;
    return {
      alertId: rule.alertId,
      appId: rule.appId,
      name: rule.name,
      state,
      value: j.value,
      low: j.low,
      high: j.high,
      condition: builtIn ? { kind: 'pipeline', rule: builtIn.name, threshold: builtIn.threshold } : rule.condition,
      message: j.message,
      atMs,
      firingSinceMs,
      test,
      deliveryId: newDeliveryId(),
    };
  }

  /** one evaluation: judge, move the state, notify when due (unless silenced or cooling down), record */
  async function evaluateRule(rule: AlertRule, prev: RuleState, atMs: number, j: Judgement): Promise<{ firing: boolean; notified: boolean; failed: boolean }> {
    const forMs = rule.condition.for === undefined ? 0 : durationMs(rule.condition.for);
    const t = transition(prev, j.breached, forMs, atMs);
    let next = t.next;
    let delivery = 'none';
    let result: DeliveryResult | undefined;
    if (t.notify) {
      const silenced = rule.silencedUntilMs !== null && rule.silencedUntilMs > atMs;
      const cooling = t.notify === 'firing' && prev.lastNotifiedAtMs !== null && atMs - prev.lastNotifiedAtMs < rule.cooldownMs;
      if (silenced) delivery = 'silenced';
      else if (cooling) delivery = 'cooldown';
      else if (!target(rule)) delivery = 'no_webhook';
      else {
        result = await send(rule, notification(rule, t.notify, j, atMs, next.breachSinceMs ?? prev.breachSinceMs, false));
        delivery = result?.status ?? 'no_webhook';
        next = { ...next, lastNotifiedAtMs: atMs, firingNotified: t.notify === 'firing' };
      }
      if (delivery === 'no_webhook' && t.notify === 'firing') logger.warn({ alertId: rule.alertId, name: rule.name, message: j.message }, 'alert firing');
    }
    await rules.writeState(rule.alertId, next);
    if (t.changed || t.notify) {
      await rules.appendEvent({
        alertId: rule.alertId,
        appId: rule.appId,
        atMs,
        kind: 'state_change',
        value: j.value,
        low: j.low,
        high: j.high,
        previousState: t.previous,
        state: next.state,
        delivery,
        deliveryId: result?.deliveryId ?? '',
        attempts: result?.attempts ?? 0,
        httpStatus: result?.httpStatus ?? 0,
        error: result?.error ?? '',
        message: j.message,
      });
    }
    return { firing: next.state === 'firing', notified: result?.status === 'delivered', failed: result?.status === 'failed' };
  }

  function builtInRule(r: PipelineRule, silencedUntilMs: number | null): AlertRule {
    return {
      alertId: pipelineAlertId(r.name),
      appId: '',
      name: r.name,
      secret: '',
      silencedUntilMs,
      createdAt: new Date(0).toISOString(),
      pipeline: true,
      trend: { app_id: '', series: [{ event: r.name }] },
      condition: { kind: 'threshold', op: 'above', value: r.threshold },
      everyMs: 60_000,
      cooldownMs: 15 * 60_000,
      webhook: undefined,
    };
  }

  async function pipelineList(): Promise<Array<{ rule: AlertRule; builtIn: PipelineRule }>> {
    const silences = await rules.pipelineSilences();
    return builtIns.map((b) => ({ builtIn: b, rule: builtInRule(b, silences.get(pipelineAlertId(b.name)) ?? null) }));
  }

  async function judgePipeline(b: PipelineRule, atMs: number): Promise<Judgement> {
    const m = await b.measure(atMs - config.pipelineWindowSeconds * 1000, atMs);
    return { value: m.value, low: null, high: b.threshold, breached: m.beyondRange === true || (m.value > 0 && m.value >= b.threshold), message: m.message };
  }

  /** a webhook URL an app may use: a literal non-public address is refused at once (names at delivery) */
  function checkWebhookUrl(url: string): void {
    if (config.webhookPrivateNetworks) return;
    let problem: string | undefined;
    try {
      problem = literalHostProblem(new URL(url));
    } catch {
      problem = `webhook url ${JSON.stringify(url.slice(0, 100))} is not a URL`;
    }
    if (problem) throw new TallyError('TALLY_ERR_ALERT_INVALID', [`webhook url: ${problem}`]);
  }

  return {
    rules,
    async create(appId: string, input: RuleInput): Promise<AlertRule> {
      checkWebhookUrl(input.webhook.url);
      const checked = checkRule(appId, input.trend, input.condition, input.every, input.cooldown);
      const definition = { ...checked, condition: input.condition, webhook: { url: input.webhook.url, format: input.webhook.format ?? 'tally' } };
      return rules.create(appId, input.name, definition, input.webhook.secret, config.maxRulesPerApp);
    },
    /** the rule of an app (a rule of another app is unknown to it) */
    async get(appId: string, alertId: string): Promise<AlertRule> {
      const rule = await rules.get(alertId);
      if (!rule || rule.appId !== appId) throw new TallyError('TALLY_ERR_ALERT_UNKNOWN', [alertId.slice(0, 100)]);
      return rule;
    },
    async update(rule: AlertRule, input: Partial<RuleInput>): Promise<AlertRule> {
      if (input.webhook) checkWebhookUrl(input.webhook.url);
      const checked = checkRule(rule.appId, input.trend ?? rule.trend, input.condition ?? rule.condition, input.every ?? formatDuration(rule.everyMs), input.cooldown ?? formatDuration(rule.cooldownMs));
      const updated: AlertRule = {
        ...rule,
        ...checked,
        name: input.name ?? rule.name,
        condition: input.condition ?? rule.condition,
        webhook: input.webhook ? { url: input.webhook.url, format: input.webhook.format ?? 'tally' } : rule.webhook,
        secret: input.webhook?.secret ?? rule.secret,
      };
      await rules.update(updated);
      return updated;
    },
    remove: (rule: AlertRule) => rules.remove(rule),
    async silence(rule: AlertRule, untilMs: number | null): Promise<AlertRule> {
      const updated = { ...rule, silencedUntilMs: untilMs };
      if (rule.pipeline) await rules.silencePipeline(rule.alertId, rule.name, untilMs);
      else await rules.update(updated);
      return updated;
    },
    pipelineList,
    async pipelineRule(name: string): Promise<{ rule: AlertRule; builtIn: PipelineRule }> {
      const found = (await pipelineList()).find((p) => p.builtIn.name === name);
      if (!found) throw new TallyError('TALLY_ERR_ALERT_UNKNOWN', [pipelineAlertId(name.slice(0, 100))]);
      return found;
    },
    states: (alertIds: readonly string[]) => rules.states(alertIds),

    /** POST /v1/alerts/{id}/test: a firing notification marked as a test, with the current value; recorded in the history */
    async test(rule: AlertRule, atMs = now()): Promise<DeliveryResult | undefined> {
      const builtIn = rule.pipeline ? builtInByName.get(rule.name) : undefined;
      const j = builtIn ? await judgePipeline(builtIn, atMs) : await observe(rule, atMs);
      const state = (await rules.states([rule.alertId])).get(rule.alertId) ?? INITIAL_STATE;
      const result = target(rule) ? await send(rule, notification(rule, 'firing', { ...j, message: `test: ${j.message}` }, atMs, null, true)) : undefined;
      const event: AlertEvent = {
        alertId: rule.alertId,
        appId: rule.appId,
        atMs,
        kind: 'test',
        value: j.value,
        low: j.low,
        high: j.high,
        previousState: state.state,
        state: state.state,
        delivery: result?.status ?? 'no_webhook',
        deliveryId: result?.deliveryId ?? '',
        attempts: result?.attempts ?? 0,
        httpStatus: result?.httpStatus ?? 0,
        error: result?.error ?? '',
        message: `test: ${j.message}`,
      };
      await rules.appendEvent(event);
      return result;
    },

    /** evaluates every rule due at `atMs` (its `every` passed since its last evaluation) and the built-in rules */
    async evaluateDue(atMs: number): Promise<EvaluationSummary> {
      const user = await rules.list();
      const pipeline = await pipelineList();
      const all = [...user, ...pipeline.map((p) => p.rule)];
      const states = await rules.states(all.map((r) => r.alertId));
      const summary = { evaluated: 0, firing: 0, notifications: 0, failedDeliveries: 0 };
      for (const rule of all) {
        const prev = states.get(rule.alertId) ?? INITIAL_STATE;
        if (prev.evaluatedAtMs !== null && atMs - prev.evaluatedAtMs < rule.everyMs - SLACK_OF_EVERY_MS) continue;
        try {
          const builtIn = rule.pipeline ? builtInByName.get(rule.name) : undefined;
          const j = builtIn ? await judgePipeline(builtIn, atMs) : await observe(rule, atMs);
          const r = await evaluateRule(rule, prev, atMs, j);
          summary.evaluated++;
          if (r.firing) summary.firing++;
          if (r.notified) summary.notifications++;
          if (r.failed) summary.failedDeliveries++;
        } catch (err) {
          // one rule's failure (a query over a limit, a dropped property) does not stop the others
          logger.warn({ err, alertId: rule.alertId }, 'alert rule could not be evaluated');
        }
      }
      return summary;
    },
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
