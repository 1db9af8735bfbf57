// Where captured changes go: through the one ingest pipeline (the ingest service the HTTP path
// uses: envelope, app, schema, scrub, enrich, row) into the batcher, and `deliver` resolves only
// once the store acknowledged them (the ingest receipt) — the capture confirms WAL positions to the
// slot only after that. Rows that cannot become events, and events the pipeline or the store
// refuses, go to the quarantine with their table and LSN in the message and are not retried: they
// never block the stream. Store and overload errors are retried with backoff until stopped.

import type { TableMapping } from '../../config/index.ts';
import { formatMessage } from '../../errors.ts';
import type { IngestService, QuarantineEntry, QuarantineSink } from '../../ingest/index.ts';
import type { Logger } from '../../observability/index.ts';
import { retryWithBackoff } from '../../retry.ts';
import { mapChange, type CapturedChange } from './mapping.ts';

export interface DeliveryItem {
  readonly table: TableMapping;
  readonly change: CapturedChange;
}

export interface DeliveryCounts {
  stored: number;
  duplicates: number;
  quarantined: number;
  ignored: number;
}

export interface ChangeSink {
  /** resolves once every item is stored, quarantined or ignored by policy; rejects only when stopped */
  deliver(items: readonly DeliveryItem[]): Promise<DeliveryCounts>;
}

/** what every change sink is given */
export interface ChangeSinkOptions {
  readonly keyColumns: (source: string) => readonly string[];
  readonly retryMs: number;
  readonly isStopped: () => boolean;
  readonly onRetry?: () => void;
  readonly onCounts?: (table: string, kind: string, counts: DeliveryCounts) => void;
  readonly logger: Logger;
}

export interface IngestSinkOptions extends ChangeSinkOptions {
  readonly ingest: Pick<IngestService, 'ingest'>;
  readonly quarantine: QuarantineSink;
}

export class CaptureStoppedError extends Error {}

const MAX_RETRY_MS = 30_000;

function where(item: DeliveryItem): string {
  return `table ${item.table.source}, LSN ${item.change.lsn}`;
}

export function createIngestSink(options: IngestSinkOptions): ChangeSink {
  const { ingest, quarantine, logger } = options;

  function submitWithRetry(events: readonly Record<string, unknown>[]) {
    return retryWithBackoff(() => ingest.ingest(events, { quarantine: false }), {
      baseDelayMs: options.retryMs,
      maxDelayMs: MAX_RETRY_MS,
      jitter: 'equal',
      shouldRetry: () => !options.isStopped(),
      onRetry: (err, delayMs) => {
        options.onRetry?.();
        logger.warn({ err, retryInMs: delayMs }, 'change capture: storing failed; retrying');
      },
    }).catch((err: unknown) => {
      // retries only end when capture stops
      throw options.isStopped() ? new CaptureStoppedError('capture stopped while storing') : err;
    });
  }

  async function deliverGroup(items: readonly DeliveryItem[]): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { stored: 0, duplicates: 0, quarantined: 0, ignored: 0 };
    const events: Record<string, unknown>[] = [];
    const origin: DeliveryItem[] = [];
    const kept: QuarantineEntry[] = [];
    const receivedAtMs = Date.now();
    for (const item of items) {
      const { change, table } = item;
      const policy = change.kind === 'update' ? table.updates : change.kind === 'delete' ? table.deletes : 'record';
      if (policy === 'ignore') {
        counts.ignored++;
        continue;
      }
      const mapped = mapChange(table, options.keyColumns(table.source), change);
      if (!mapped.ok) {
        kept.push({ raw: { app_id: table.appId, table: table.source, lsn: change.lsn, kind: change.kind, row: change.row }, code: 'TALLY_ERR_CDC_UNMAPPABLE', message: formatMessage('TALLY_ERR_CDC_UNMAPPABLE', [`${mapped.reason} (${where(item)})`]), receivedAtMs });
        continue;
      }
      events.push(mapped.event);
      origin.push(item);
    }
    if (events.length > 0) {
      const receipt = await submitWithRetry(events);
      counts.stored += receipt.accepted;
      counts.duplicates += receipt.duplicates;
      for (const r of receipt.rejected) kept.push({ raw: events[r.index], code: r.code, message: `${r.message} (${where(origin[r.index])})`, receivedAtMs });
    }
    counts.quarantined = kept.length;
    if (kept.length > 0) await quarantine.add(kept);
    return counts;
  }

  return {
    async deliver(items) {
      // one submission per table and kind (their counts label the metrics); the batcher commits them together
      // (a run of the same table and kind, most of a stream, joins its group without a key lookup)
      const groups = new Map<string, DeliveryItem[]>();
      let last: DeliveryItem | undefined;
      let group: DeliveryItem[] = [];
      for (const item of items) {
        if (last === undefined || item.table !== last.table || item.change.kind !== last.change.kind) {
          const k = `${item.table.source}\u0000${item.change.kind}`;
          const known = groups.get(k);
          if (known) group = known;
          else groups.set(k, (group = []));
        }
        group.push(item);
        last = item;
      }
      const results = await Promise.all(
        [...groups.values()].map(async (g) => {
          const c = await deliverGroup(g);
          options.onCounts?.(g[0].table.source, g[0].change.kind, c);
          return c;
        }),
      );
      const total: DeliveryCounts = { stored: 0, duplicates: 0, quarantined: 0, ignored: 0 };
      for (const c of results) {
        total.stored += c.stored;
        total.duplicates += c.duplicates;
        total.quarantined += c.quarantined;
        total.ignored += c.ignored;
      }
      return total;
    },
  };
}
