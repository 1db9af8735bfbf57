// Where rules, their state, their history and the delivery log live (migration 0065): rules and
// states are ReplacingMergeTree rows rewritten with a newer version (a FINAL read is current);
// history and deliveries are appended. Built-in pipeline rules are not stored here, only their
// silences and states (alert_id `pipeline:<name>`).

import { randomBytes } from 'node:crypto';
import { TallyError } from '../errors.ts';
import { createVersionClock, isoFromEngineTime, toEngineTime, type StoreConnection } from '../store/index.ts';
import type { DeliveryAttempt } from './delivery.ts';
import type { AlertRule, RuleDefinition } from './rule.ts';

export type AlertState = 'ok' | 'pending' | 'firing';

export interface RuleState {
  readonly state: AlertState;
  readonly breachSinceMs: number | null;
  readonly evaluatedAtMs: number | null;
  /** a firing notification was sent for the current episode (a resolved one is then owed) */
  readonly firingNotified: boolean;
  readonly lastNotifiedAtMs: number | null;
}

export const INITIAL_STATE: RuleState = { state: 'ok', breachSinceMs: null, evaluatedAtMs: null, firingNotified: false, lastNotifiedAtMs: null };

export interface AlertEvent {
  readonly alertId: string;
  readonly appId: string;
  readonly atMs: number;
  /** state_change (an evaluation moved the state) or test (POST /v1/alerts/{id}/test) */
  readonly kind: 'state_change' | 'test';
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly previousState: AlertState;
  readonly state: AlertState;
  /** delivered, failed, silenced, cooldown, no_webhook, none (no notification due) */
  readonly delivery: string;
  readonly deliveryId: string;
  readonly attempts: number;
  readonly httpStatus: number;
  readonly error: string;
  readonly message: string;
}

interface RuleRow {
  alert_id: string;
  app_id: string;
  name: string;
  definition: string;
  secret: string;
  silenced_until: string | null;
  created_at: string;
  deleted: number;
  version: number;
}

interface StateRow {
  alert_id: string;
  state: AlertState;
  breach_since: string | null;
  evaluated_at: string;
  firing_notified: number;
  last_notified_at: string | null;
  version: number;
}

interface EventRow {
  alert_id: string;
  app_id: string;
  at: string;
  kind: AlertEvent['kind'];
  value: number | null;
  band_low: number | null;
  band_high: number | null;
  previous_state: AlertState;
  state: AlertState;
  delivery: string;
  delivery_id: string;
  attempts: number;
  http_status: number;
  error: string;
  message: string;
}

const msOf = (t: string | null) => (t === null ? null : Date.parse(isoFromEngineTime(t)));
const timeOf = (ms: number | null) => (ms === null ? null : toEngineTime(ms));
const line = (row: object) => Buffer.from(JSON.stringify(row) + '\n');

function toRule(r: RuleRow): AlertRule {
  const d = JSON.parse(r.definition) as RuleDefinition;
  return { ...d, alertId: r.alert_id, appId: r.app_id, name: r.name, secret: r.secret, silencedUntilMs: msOf(r.silenced_until), createdAt: isoFromEngineTime(r.created_at), pipeline: false };
}

export function createRuleStore(store: StoreConnection, now: () => number = Date.now) {
  const nextVersion = createVersionClock(now);
  const live = async (where: string, params: Record<string, unknown>) =>
    (await store.query<RuleRow>(`SELECT * FROM alert_rules FINAL WHERE deleted = 0 AND app_id != '' AND ${where} ORDER BY created_at, alert_id`, params)).map(toRule);

  async function writeRule(rule: AlertRule, deleted = false): Promise<void> {
    const { alertId, appId, name, secret, silencedUntilMs, createdAt, pipeline: _p, ...definition } = rule;
    const row: RuleRow = {
      alert_id: alertId,
      app_id: appId,
      name,
      definition: deleted ? '{}' : JSON.stringify(definition),
      secret: deleted ? '' : secret,
      silenced_until: timeOf(silencedUntilMs),
      created_at: toEngineTime(Date.parse(createdAt)),
      deleted: deleted ? 1 : 0,
      version: nextVersion(),
    };
    await store.insertJsonEachRow('alert_rules', line(row));
  }

  return {
    async create(appId: string, name: string, definition: RuleDefinition, secret: string, maxPerApp: number): Promise<AlertRule> {
      const [{ n }] = await store.query<{ n: number }>("SELECT count() AS n FROM alert_rules FINAL WHERE deleted = 0 AND app_id = {app:String}", { app: appId });
      if (Number(n) >= maxPerApp) throw new TallyError('TALLY_ERR_ALERT_LIMIT', [maxPerApp]);
      const rule: AlertRule = { ...definition, alertId: `alr_${randomBytes(9).toString('hex')}`, appId, name, secret, silencedUntilMs: null, createdAt: new Date(now()).toISOString(), pipeline: false };
      await writeRule(rule);
      return rule;
    },
    async get(alertId: string): Promise<AlertRule | undefined> {
      return (await live('alert_id = {id:String}', { id: alertId }))[0];
    },
    async list(appId?: string): Promise<AlertRule[]> {
      return appId === undefined ? live('1', {}) : live('app_id = {app:String}', { app: appId });
    },
    update: (rule: AlertRule) => writeRule(rule),
    remove: (rule: AlertRule) => writeRule(rule, true),

    /** silences of the built-in rules (their only stored part) */
    async pipelineSilences(): Promise<Map<string, number | null>> {
      const rows = await store.query<{ alert_id: string; silenced_until: string | null }>("SELECT alert_id, silenced_until FROM alert_rules FINAL WHERE app_id = ''");
      return new Map(rows.map((r) => [r.alert_id, msOf(r.silenced_until)]));
    },
    async silencePipeline(alertId: string, name: string, untilMs: number | null): Promise<void> {
      const row: RuleRow = { alert_id: alertId, app_id: '', name, definition: '{}', secret: '', silenced_until: timeOf(untilMs), created_at: toEngineTime(now()), deleted: 0, version: nextVersion() };
      await store.insertJsonEachRow('alert_rules', line(row));
    },

    async states(alertIds: readonly string[]): Promise<Map<string, RuleState>> {
      if (alertIds.length === 0) return new Map();
      const rows = await store.query<StateRow>('SELECT * FROM alert_state FINAL WHERE alert_id IN {ids:Array(String)}', { ids: alertIds });
      return new Map(
        rows.map((r) => [
          r.alert_id,
          { state: r.state, breachSinceMs: msOf(r.breach_since), evaluatedAtMs: msOf(r.evaluated_at), firingNotified: r.firing_notified === 1, lastNotifiedAtMs: msOf(r.last_notified_at) },
        ]),
      );
    },
    async writeState(alertId: string, s: RuleState): Promise<void> {
      const row: StateRow = {
        alert_id: alertId,
        state: s.state,
        breach_since: timeOf(s.breachSinceMs),
        evaluated_at: toEngineTime(s.evaluatedAtMs ?? now()),
        firing_notified: s.firingNotified ? 1 : 0,
        last_notified_at: timeOf(s.lastNotifiedAtMs),
        version: nextVersion(),
      };
      await store.insertJsonEachRow('alert_state', line(row));
    },

    async appendEvent(e: AlertEvent): Promise<void> {
      const row: EventRow = {
        alert_id: e.alertId,
        app_id: e.appId,
        at: toEngineTime(e.atMs),
        kind: e.kind,
        value: e.value,
        band_low: e.low,
        band_high: e.high,
        previous_state: e.previousState,
        state: e.state,
        delivery: e.delivery,
        delivery_id: e.deliveryId,
        attempts: e.attempts,
        http_status: e.httpStatus,
        error: e.error,
        message: e.message.slice(0, 1000),
      };
      await store.insertJsonEachRow('alert_events', line(row));
    },
    async events(alertId: string, limit: number): Promise<AlertEvent[]> {
      const rows = await store.query<EventRow>('SELECT * FROM alert_events WHERE alert_id = {id:String} ORDER BY at DESC, kind LIMIT {limit:UInt32}', { id: alertId, limit });
      return rows.map((r) => ({
        alertId: r.alert_id,
        appId: r.app_id,
        atMs: msOf(r.at) as number,
        kind: r.kind,
        value: r.value,
        low: r.band_low,
        high: r.band_high,
        previousState: r.previous_state,
        state: r.state,
        delivery: r.delivery,
        deliveryId: r.delivery_id,
        attempts: r.attempts,
        httpStatus: r.http_status,
        error: r.error,
        message: r.message,
      }));
    },

    async logAttempts(alertId: string, appId: string, url: string, format: string, state: string, attempts: readonly DeliveryAttempt[]): Promise<void> {
      if (attempts.length === 0) return;
      const safeUrl = url.split('?')[0].slice(0, 2048);
      const rows = attempts.map((a) => ({
        delivery_id: a.deliveryId,
        alert_id: alertId,
        app_id: appId,
        attempt: a.attempt,
        at: toEngineTime(a.atMs),
        url: safeUrl,
        format,
        state,
        http_status: a.httpStatus,
        error: a.error,
        duration_ms: Math.max(0, Math.round(a.durationMs)),
      }));
      await store.insertJsonEachRow('alert_deliveries', Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));
    },
    /** the delivery log, newest first; `at` as ISO */
    async deliveries(alertId: string, limit: number) {
      const rows = await store.query<{ delivery_id: string; attempt: number; at: string; url: string; format: string; state: string; http_status: number; error: string; duration_ms: number }>(
        'SELECT delivery_id, attempt, at, url, format, state, http_status, error, duration_ms FROM alert_deliveries WHERE alert_id = {id:String} ORDER BY at DESC, attempt DESC LIMIT {limit:UInt32}',
        { id: alertId, limit },
      );
      return rows.map((r) => ({ ...r, at: isoFromEngineTime(r.at) }));
    },
  };
}

export type RuleStore = ReturnType<typeof createRuleStore>;
