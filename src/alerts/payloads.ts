// What a notification says, in the three formats a webhook may ask for. Every format carries the
// contract's top-level `"state": "firing" | "resolved"`:
//   - tally: Tally's own (alert, value, band, condition, times);
//   - slack: an incoming-webhook message (`text`, plus `state`; Slack ignores fields it does not know);
//   - alertmanager: the Alertmanager webhook_config body (version 4: status, alerts[], labels,
//     annotations), so receivers written for Prometheus alerts take it as it is.

import type { Condition, PayloadFormat } from './rule.ts';

export interface Notification {
  readonly alertId: string;
  readonly appId: string;
  readonly name: string;
  readonly state: 'firing' | 'resolved';
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly condition: Condition | { readonly kind: 'pipeline'; readonly rule: string; readonly threshold: number };
  readonly message: string;
  /** evaluation time (ms) */
  readonly atMs: number;
  /** when the rule started firing (ms) */
  readonly firingSinceMs: number | null;
  readonly test: boolean;
  readonly deliveryId: string;
}

function tallyBody(n: Notification) {
  return {
    delivery_id: n.deliveryId,
    alert_id: n.alertId,
    app_id: n.appId,
    name: n.name,
    state: n.state,
    test: n.test,
    value: n.value,
    band: n.low === null && n.high === null ? null : { low: n.low, high: n.high },
    condition: n.condition,
    message: n.message,
    evaluated_at: new Date(n.atMs).toISOString(),
    firing_since: n.firingSinceMs === null ? null : new Date(n.firingSinceMs).toISOString(),
  };
}

function slackBody(n: Notification) {
  const mark = n.state === 'firing' ? ':rotating_light: FIRING' : ':white_check_mark: RESOLVED';
  const where = n.appId ? ` (app ${n.appId})` : ' (pipeline)';
  return { state: n.state, text: `${n.test ? '[test] ' : ''}${mark}: ${n.name}${where}: ${n.message}` };
}

function alertmanagerBody(n: Notification) {
  const labels = { alertname: n.name, alert_id: n.alertId, app_id: n.appId, severity: n.appId ? 'warning' : 'critical', ...(n.test ? { test: 'true' } : {}) };
  const startsAt = new Date(n.firingSinceMs ?? n.atMs).toISOString();
  return {
    version: '4',
    groupKey: `{}:{alert_id="${n.alertId}"}`,
    truncatedAlerts: 0,
    status: n.state,
    state: n.state,
    receiver: 'tally',
    groupLabels: { alert_id: n.alertId },
    commonLabels: labels,
    commonAnnotations: { summary: n.message },
    externalURL: '',
    alerts: [
      {
        status: n.state,
        labels,
        annotations: { summary: n.message, value: n.value === null ? '' : String(n.value) },
        startsAt,
        endsAt: n.state === 'resolved' ? new Date(n.atMs).toISOString() : '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint: n.alertId,
      },
    ],
  };
}

export function payload(format: PayloadFormat, n: Notification): string {
  const body = format === 'slack' ? slackBody(n) : format === 'alertmanager' ? alertmanagerBody(n) : tallyBody(n);
  return JSON.stringify(body);
}
