// The query benchmark's events (bench/lib/dataset.ts) as the rows Tally stores, in JSONEachRow
// batches: what the storage benchmarks insert to measure an insert's cost.

import { createIngestPipeline } from '../../src/ingest/index.ts';
import { type DatasetOptions, generateDataset } from './dataset.ts';

/** the dataset's events through Tally's validator, `rows` a batch, each batch one JSONEachRow buffer */
export function datasetRowBatches(options: DatasetOptions, rows: number): Buffer[] {
  const validate = createIngestPipeline();
  const batches: Buffer[] = [];
  let batch: string[] = [];
  const flush = () => {
    if (batch.length > 0) batches.push(Buffer.from(`${batch.join('\n')}\n`));
    batch = [];
  };
  for (const e of generateDataset(options)) {
    const r = validate(e, { receivedAtMs: options.endMs });
    if (!r.ok) throw new Error(`generated event rejected: ${r.code}`);
    batch.push(r.event.row);
    if (batch.length === rows) flush();
  }
  flush();
  return batches;
}
