// Loads the demo dataset: over HTTP into a running server (admin token), or straight into the
// embedded store when no server owns it.

import { startTally } from '../service.ts';
import type { Config } from '../config/index.ts';
import { demoEvents, type DemoOptions, type WireEvent } from './dataset.ts';
import { setUpDemoLearningEmbedded, setUpDemoLearningOverHttp } from './learning.ts';

const CHUNK = 5000;

async function* chunks(options: DemoOptions): AsyncGenerator<WireEvent[]> {
  let chunk: WireEvent[] = [];
  for (const e of demoEvents(options)) {
    chunk.push(e);
    if (chunk.length === CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

export interface LoadSummary {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** learning job runs (curriculum set up after the events) that failed */
  readonly learningRunsFailed?: number;
}

export async function loadDemoOverHttp(baseUrl: string, adminToken: string, options: DemoOptions): Promise<LoadSummary> {
  const appId = options.appId ?? 'demo';
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const created = await fetch(`${baseUrl}/v1/apps`, { method: 'POST', headers, body: JSON.stringify({ app_id: appId }) });
  if (created.status !== 201 && created.status !== 409) throw new Error(`creating app ${appId}: HTTP ${created.status} ${await created.text()}`);
  const total = { accepted: 0, duplicates: 0, rejected: 0 };
  for await (const events of chunks(options)) {
    for (;;) {
      const res = await fetch(`${baseUrl}/v1/batch`, { method: 'POST', headers, body: JSON.stringify({ events }) });
      if (res.status === 503 || res.status === 429) {
        await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
        continue;
      }
      if (res.status !== 200) throw new Error(`batch: HTTP ${res.status} ${await res.text()}`);
      const r = (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
      total.accepted += r.accepted;
      total.duplicates += r.duplicates;
      total.rejected += r.rejected.length;
      break;
    }
  }
  return { ...total, learningRunsFailed: await setUpDemoLearningOverHttp(baseUrl, adminToken, appId, options.days ?? 30) };
}

export async function loadDemoEmbedded(config: Config, options: DemoOptions): Promise<LoadSummary> {
  const tally = await startTally(config, { listen: false });
  try {
    const appId = options.appId ?? 'demo';
    if (!tally.apps.has(appId)) await tally.apps.create(appId);
    const total = { accepted: 0, duplicates: 0, rejected: 0 };
    for await (const events of chunks(options)) {
      const r = await tally.ingest.ingest(events, {});
      total.accepted += r.accepted;
      total.duplicates += r.duplicates;
      total.rejected += r.rejected.length;
    }
    return { ...total, learningRunsFailed: await setUpDemoLearningEmbedded(tally, appId, options.days ?? 30, options.endMs ?? Date.now()) };
  } finally {
    await tally.close();
  }
}
