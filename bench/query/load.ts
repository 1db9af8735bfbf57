// Loads the benchmark dataset into both stores from ONE pass of the generator: each event is
// validated into the row Tally stores (inserted straight into the engine in large batches; the
// ingest path is benchmarked in bench/ingest) and written to Postgres with COPY FROM STDIN. The
// two sinks run concurrently (the engine inserts on its own threads, Postgres in its process);
// at most one batch per sink is in flight, so memory stays bounded whatever N is.

import { createIngestPipeline } from '../../src/ingest/index.ts';
import type { StoreConnection } from '../../src/store/index.ts';
import { generateDataset, type DatasetOptions } from '../lib/dataset.ts';
import { copyText, startCopy } from '../lib/pg-copy.ts';
import { PG_BENCH_DATABASE, connect } from './postgres.ts';

export interface LoadResult {
  readonly events: number;
  readonly seconds: number;
  /** rows in Tally's events table for the app after the load */
  readonly tallyRows: number;
  readonly postgresRows: number;
}

export async function loadDataset(store: StoreConnection, dataset: DatasetOptions, options: { batch: number; postgres: boolean }, log: (line: string) => void): Promise<LoadResult> {
  const validate = createIngestPipeline();
  const client = options.postgres ? await connect(PG_BENCH_DATABASE) : undefined;
  const copy = client ? await startCopy(client, 'COPY events (event_id, app_id, event_name, user_id, session_id, timestamp, properties) FROM STDIN') : undefined;
  const t0 = performance.now();
  let engineInFlight: Promise<unknown> = Promise.resolve();
  let pgInFlight: Promise<void> = Promise.resolve();
  let rows: string[] = [];
  let lines: string[] = [];
  let n = 0;
  const receivedAtMs = dataset.endMs;

  const flush = async () => {
    const chBody = Buffer.from(rows.join('\n') + '\n');
    const pgBody = Buffer.from(lines.join(''));
    rows = [];
    lines = [];
    await engineInFlight;
    engineInFlight = store.insertJsonEachRow('events', chBody);
    if (copy) {
      await pgInFlight;
      pgInFlight = copy.write(pgBody);
    }
  };

  for (const e of generateDataset(dataset)) {
    const r = validate(e, { receivedAtMs });
    if (!r.ok) throw new Error(`generated event rejected: ${r.code} ${r.message}`);
    rows.push(r.event.row);
    if (copy) lines.push(`${e.event_id}\t${e.app_id}\t${copyText(e.event_name)}\t${copyText(e.user_id)}\t${copyText(e.session_id)}\t${e.timestamp}\t${copyText(JSON.stringify(e.properties))}\n`);
    if (++n % options.batch === 0) {
      await flush();
      if (n % (options.batch * 10) === 0) log(`load: ${n} events, ${Math.round(n / ((performance.now() - t0) / 1000))} events/s`);
    }
  }
  if (rows.length > 0) await flush();
  await engineInFlight;
  await pgInFlight;
  const postgresRows = copy ? await copy.end() : 0;
  await client?.end();
  const seconds = (performance.now() - t0) / 1000;
  const [{ c }] = await store.query<{ c: number }>('SELECT count() AS c FROM events WHERE app_id = {app:String}', { app: dataset.appId });
  return { events: n, seconds, tallyRows: c, postgresRows };
}
