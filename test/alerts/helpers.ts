// Shared steps of the alert tests: a Tally whose scheduler does not arm its schedules (the tests
// run alerts_evaluate at the scheduled times they choose — the fake clock of an evaluation),
// events at given hours, rules, and one evaluation.

import type { TestContext } from 'node:test';
import type { Tally } from '../../src/service.ts';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { startReceiver } from './receiver.ts';

export const HOUR = 3_600_000;

export async function alertTally(t: TestContext, env: Record<string, string> = {}): Promise<Tally> {
  return startTestTally(t, { TALLY_JOBS_SCHEDULER: 'off', TALLY_ALERTS_DELIVERY_RETRY_BASE_MS: '5', TALLY_ALERTS_DELIVERY_TIMEOUT_MS: '2000', TALLY_ALERTS_PIPELINE_RULES: 'false', TALLY_ALERTS_WEBHOOK_PRIVATE_NETWORKS: 'true', ...env });
}

export async function appWithKeys(tally: Tally, appId: string) {
  return createApp(tally, appId);
}

/** `counts[i]` page_view events in the hour starting at `startMs + i·HOUR` */
export async function ingestHourly(tally: Tally, writeKey: string, appId: string, startMs: number, counts: readonly number[], eventName = 'page_view'): Promise<void> {
  const events: Record<string, unknown>[] = [];
  counts.forEach((n, i) => {
    for (let k = 0; k < n; k++) {
      events.push({ app_id: appId, event_name: eventName, user_id: `u_${k % 7}`, timestamp: new Date(startMs + i * HOUR + ((k * 997) % 3_500) * 1000).toISOString(), properties: {} });
    }
  });
  for (let i = 0; i < events.length; i += 5000) {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(writeKey), payload: { events: events.slice(i, i + 5000) } });
    if (res.statusCode !== 200) throw new Error(`ingest: ${res.statusCode} ${res.body}`);
  }
}

export async function createRule(tally: Tally, key: string, body: Record<string, unknown>): Promise<string> {
  const res = await tally.app.inject({ method: 'POST', url: '/v1/alerts', headers: bearer(key), payload: body });
  if (res.statusCode !== 201) throw new Error(`create alert: ${res.statusCode} ${res.body}`);
  return (res.json() as { alert_id: string }).alert_id;
}

/** one run of alerts_evaluate for the scheduled time `atMs`, through the scheduler */
export async function evaluateAt(tally: Tally, atMs: number) {
  const run = await tally.jobs.scheduler.enqueue('alerts_evaluate', { appId: '', parameters: {} }, { scheduledMs: atMs });
  const done = await tally.jobs.scheduler.finished(run.runId);
  if (done.status === 'failed') throw new Error(`alerts_evaluate failed: ${done.error}`);
  return done;
}

export async function history(tally: Tally, key: string, appId: string, alertId: string) {
  const res = await tally.app.inject({ method: 'GET', url: `/v1/alerts/${alertId}/events?app_id=${appId}`, headers: bearer(key) });
  if (res.statusCode !== 200) throw new Error(`history: ${res.statusCode} ${res.body}`);
  return (res.json() as { events: Array<Record<string, unknown> & { delivery: Record<string, unknown> }> }).events.reverse();
}

export const admin = bearer(ADMIN_TOKEN);

export function webhook(url: string, extra: Record<string, unknown> = {}) {
  return { url, secret: 'test-secret-0123456789', ...extra };
}

/**
 * The busy-hour fixture: page views 3, 8 and 2 in the hours from `startMs`, and a rule firing when an
 * hour has more than 5, evaluated `every`, delivering to a real local receiver.
 */
export async function busyHourRule(t: TestContext, startMs: number, every: string) {
  const tally = await alertTally(t);
  const hook = await startReceiver(t);
  const { writeKey, readKey } = await appWithKeys(tally, 'shop');
  await ingestHourly(tally, writeKey, 'shop', startMs, [3, 8, 2]);
  const alertId = await createRule(tally, readKey, {
    app_id: 'shop',
    name: 'busy hour',
    trend: { series: [{ event: 'page_view' }], interval: 'hour' },
    condition: { kind: 'threshold', op: 'above', value: 5 },
    every,
    webhook: webhook(hook.url),
  });
  return { tally, hook, writeKey, readKey, alertId };
}
