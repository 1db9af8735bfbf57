// Clients for the fault tests: batches of events with client-made ids, sent to a real server until
// acknowledged (a 503 or a broken connection is retried with the same ids, as the SDK does).

import { setTimeout as sleep } from 'node:timers/promises';
import { uuidv7 } from '../../src/event/index.ts';
import { openStore } from '../../src/store/index.ts';

export type Batch = ReadonlyArray<Readonly<Record<string, unknown>>>;

export function makeBatches(count: number, size: number, appId = 'shop'): Batch[] {
  return Array.from({ length: count }, (_, b) =>
    Array.from({ length: size }, (_, i) => ({
      event_id: uuidv7(),
      app_id: appId,
      event_name: i % 3 ? 'page_view' : 'add_to_cart',
      user_id: `u_${(b * 7 + i) % 50}`,
      timestamp: new Date(Date.parse('2026-10-01T00:00:00Z') + b * 1000 + i).toISOString(),
      properties: { b, i },
    })),
  );
}

/** One attempt: true when the server acknowledged every event of the batch. */
export async function sendOnce(url: string, token: string, batch: Batch): Promise<boolean> {
  try {
    const res = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: batch }),
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status !== 200) {
      await res.arrayBuffer();
      return false;
    }
    const body = (await res.json()) as { accepted: number; rejected: unknown[] };
    if (body.rejected.length > 0) throw new Error(`rejected: ${JSON.stringify(body.rejected[0])}`);
    return body.accepted === batch.length;
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('rejected')) throw err;
    return false;
  }
}

export interface LoadResult {
  readonly acked: number;
  /** attempts answered with an error (503) or a broken connection */
  readonly failedAttempts: number;
  /** when each attempt started (ms since epoch) */
  readonly attemptTimes: readonly number[];
}

/** `clients` concurrent clients send every batch until it is acknowledged; `onAck` sees progress. */
export async function sendAll(url: string, token: string, batches: readonly Batch[], clients: number, onAck?: (acked: number) => void, deadlineMs = 90_000, paceMs = 0): Promise<LoadResult> {
  const attemptTimes: number[] = [];
  let next = 0;
  let acked = 0;
  let failedAttempts = 0;
  const deadline = Date.now() + deadlineMs;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= batches.length) return;
        attemptTimes.push(Date.now());
        while (!(await sendOnce(url, token, batches[i]))) {
          failedAttempts++;
          if (Date.now() > deadline) throw new Error(`batch ${i} not acknowledged in ${deadlineMs} ms`);
          await sleep(200);
          attemptTimes.push(Date.now());
        }
        acked++;
        onAck?.(acked);
        if (paceMs > 0) await sleep(paceMs);
      }
    }),
  );
  return { acked, failedAttempts, attemptTimes };
}

/** Counts in a stopped server's embedded store: total rows, distinct ids, ids missing from `batches`. */
export async function storedCounts(dataDir: string, batches: readonly Batch[]): Promise<{ rows: number; ids: number; missing: number }> {
  const store = openStore({ kind: 'embedded' }, dataDir);
  try {
    const [c] = await store.query<{ rows: number; ids: number }>('SELECT count() AS rows, uniqExact(event_id) AS ids FROM events');
    const stored = new Set((await store.query<{ id: string }>('SELECT toString(event_id) AS id FROM events')).map((r) => r.id));
    const missing = batches.flat().filter((e) => !stored.has(e.event_id as string)).length;
    return { rows: c.rows, ids: c.ids, missing };
  } finally {
    await store.close();
  }
}

/** GET /v1/events total of an app (read with the admin token). */
export async function storedTotal(url: string, token: string, appId = 'shop'): Promise<number> {
  const res = await fetch(`${url}/v1/events?app_id=${appId}&limit=1&from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { total: number }).total;
}
