// Helpers of the export tests: a Tally with fast retries and no settle delay, an app with events
// over several days, and the store's own rows of an app in the export shape, to compare with what
// a sink holds.

import assert from 'node:assert/strict';
import type { Tally } from '../../src/service.ts';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';

export const admin = bearer(ADMIN_TOKEN);

export const SINK_ENV: Record<string, string> = { TALLY_SINKS_SETTLE_MS: '0', TALLY_SINKS_RETRY_BASE_MS: '5', TALLY_JOBS_SCHEDULER: 'off' };

export async function startSinkTally(t: { after(fn: () => unknown): void }, env: Record<string, string> = {}): Promise<Tally> {
  return startTestTally(t, { ...SINK_ENV, ...env });
}

/** `n` events of app over three days, users u_0..u_9, with context, session and properties */
export function sampleEvents(appId: string, n: number, offset = 0): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    return {
      app_id: appId,
      event_name: i % 3 === 0 ? 'project.created' : 'page_view',
      user_id: `u_${i % 10}`,
      session_id: `s_${i % 7}`,
      timestamp: new Date(Date.parse('2026-10-01T06:00:00Z') + (i % 3) * 86_400_000 + i * 1000).toISOString(),
      properties: { i, page: `/p/${i % 5}`, note: i % 11 === 0 ? 'quote " comma , newline \n tab \t backslash \\ unicode é' : 'plain' },
      context: { user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', ip: '203.0.113.9' },
    };
  });
}

export async function appWithEvents(tally: Tally, appId: string, n: number, offset = 0): Promise<{ writeKey: string; readKey: string }> {
  const keys = await createApp(tally, appId);
  await ingest(tally, keys.writeKey, sampleEvents(appId, n, offset));
  return keys;
}

export async function ingest(tally: Tally, writeKey: string, events: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(writeKey), payload: { events: events.slice(i, i + 1000) } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().rejected.length, 0, res.body);
  }
}

export async function createSink(tally: Tally, body: Record<string, unknown>): Promise<string> {
  const res = await tally.app.inject({ method: 'POST', url: '/v1/sinks', headers: admin, payload: body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().sink_id as string;
}

export interface SyncAnswer {
  sink_id: string;
  rows: number;
  cursor: string | null;
  batches: Array<{ batch_seq: number; status: string; rows: number; bytes: number; attempts: number; error: string }>;
}

export async function sync(tally: Tally, sinkId: string): Promise<SyncAnswer> {
  const res = await tally.app.inject({ method: 'POST', url: `/v1/sinks/${sinkId}/sync`, headers: admin });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as SyncAnswer;
}

export async function status(tally: Tally, sinkId: string) {
  const res = await tally.app.inject({ method: 'GET', url: `/v1/sinks/${sinkId}/status`, headers: admin });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { cursor: string | null; lag_seconds: number; counts: Record<string, number>; batches: SyncAnswer['batches'] };
}

/** the store's rows of an app in the shape the comparison reads (text columns, '' for NULL) */
export async function storeRows(tally: Tally, appId: string): Promise<Record<string, string>[]> {
  return tally.store.query<Record<string, string>>(
    `SELECT toString(event_id) AS event_id, toString(app_id) AS app_id, toString(event_name) AS event_type, toString(category) AS event_category,
            user_id, anonymous_id, session_id, properties AS event_data, toString(timestamp) AS ts, toString(received_at) AS ingested,
            toString(country) AS country, toString(device) AS device, toString(browser) AS browser, toString(os) AS os
     FROM events WHERE app_id = {app:String} ORDER BY event_id`,
    { app: appId },
  );
}

/** the same shape from exported Parquet (read by the engine's own file() or s3() reader); `from` is a table function call */
export function exportedRowsSql(from: string): string {
  return `SELECT event_id, app_id, event_type, event_category, ifNull(user_id, '') AS user_id, ifNull(anonymous_id, '') AS anonymous_id,
            ifNull(session_id, '') AS session_id, event_data, toString(timestamp) AS ts, toString(ingested_at) AS ingested,
            ifNull(geo_location.country, '') AS country, ifNull(device_info.device_type, '') AS device, ifNull(device_info.browser, '') AS browser, ifNull(device_info.os, '') AS os
     FROM ${from} ORDER BY event_id`;
}
