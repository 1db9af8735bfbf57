// Change capture in Kafka mode (TALLY_INGEST=kafka): each captured insert (and snapshot row) is
// produced, as the row's JSON, to its table's topic (the mapping's `topic`, default the table name:
// seed 000's `concept_events` and `actions`), keyed by `schema.table:key`, with acks=all; the
// workers map those topics with TALLY_KAFKA_MAPPINGS as they map any change-capture topic. Updates
// and deletes with the `record` policy are not rows of the table: they go through the ingest
// service, which in Kafka mode produces them to KAFKA_TOPIC. `deliver` resolves only after the
// broker acknowledged everything, so the slot is confirmed only then. Each row is mapped here
// first, as direct capture maps it: a row that cannot become an event (no key, no usable time) goes
// to the quarantine with its table and LSN, as in direct mode, instead of to a dead-letter topic;
// so is a row the ingest pipeline refuses (checked here before producing, e.g. no user), with its
// code; the others carry the event id direct capture would store (the EVENT_ID_HEADER), so one row is one
// event whichever mode captured it.

import { ProduceAcks } from '@platformatic/kafka';
import { formatMessage } from '../../errors.ts';
import type { IngestPipeline, QuarantineEntry, QuarantineSink } from '../../ingest/index.ts';
import { EVENT_ID_HEADER } from '../../ingest/kafka-codec.ts';
import type { EventProducer } from '../../ingest/kafka-worker.ts';
import { retryWithBackoff } from '../../retry.ts';
import { mapChange, rowKey } from './mapping.ts';
import { CaptureStoppedError, type ChangeSink, type ChangeSinkOptions, type DeliveryCounts, type DeliveryItem } from './sink.ts';

export interface KafkaChangeSinkOptions extends ChangeSinkOptions {
  readonly producer: Pick<EventProducer, 'send'>;
  /** where updates and deletes recorded as events go (the ingest sink) */
  readonly events: ChangeSink;
  /** where rows that cannot become events go */
  readonly quarantine: QuarantineSink;
  /** the ingest pipeline, to refuse here (into the quarantine) what the workers would refuse */
  readonly pipeline?: IngestPipeline;
}

/** a record batch stays under the broker's 1 MiB default */
const MAX_MESSAGES_PER_SEND = 500;

function json(row: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export function createKafkaChangeSink(options: KafkaChangeSinkOptions): ChangeSink {
  const { producer, logger } = options;

  async function send(messages: Array<{ topic: string; key: string; value: string; headers: Record<string, string> }>) {
    for (let i = 0; i < messages.length; i += MAX_MESSAGES_PER_SEND) {
      const chunk = messages.slice(i, i + MAX_MESSAGES_PER_SEND);
      await retryWithBackoff(() => producer.send({ messages: chunk, acks: ProduceAcks.ALL }), {
        baseDelayMs: options.retryMs,
        maxDelayMs: 30_000,
        shouldRetry: () => !options.isStopped(),
        onRetry: (err, delayMs) => {
          options.onRetry?.();
          logger.warn({ err, retryInMs: delayMs }, 'change capture: producing to Kafka failed; retrying');
        },
      }).catch((err: unknown) => {
        // retries only end when capture stops
        throw options.isStopped() ? new CaptureStoppedError('capture stopped while producing') : err;
      });
    }
  }

  return {
    async deliver(items: readonly DeliveryItem[]) {
      const others = items.filter((i) => i.change.kind !== 'insert');
      const rows: DeliveryItem[] = [];
      const messages: Array<{ topic: string; key: string; value: string; headers: Record<string, string> }> = [];
      const kept: QuarantineEntry[] = [];
      const keptPerTable = new Map<string, number>();
      const receivedAtMs = Date.now();
      for (const item of items) {
        const { table, change } = item;
        if (change.kind !== 'insert') continue;
        const keyColumns = options.keyColumns(table.source);
        const mapped = mapChange(table, keyColumns, change);
        const where = `table ${table.source}, LSN ${change.lsn}`;
        const refused = mapped.ok ? options.pipeline?.(mapped.event, { receivedAtMs }) : undefined;
        if (!mapped.ok || (refused && !refused.ok)) {
          if (!mapped.ok) kept.push({ raw: { app_id: table.appId, table: table.source, lsn: change.lsn, kind: change.kind, row: change.row }, code: 'TALLY_ERR_CDC_UNMAPPABLE', message: formatMessage('TALLY_ERR_CDC_UNMAPPABLE', [`${mapped.reason} (${where})`]), receivedAtMs });
          else if (refused && !refused.ok) kept.push({ raw: mapped.event, code: refused.code, message: `${refused.message} (${where})`, receivedAtMs });
          keptPerTable.set(table.source, (keptPerTable.get(table.source) ?? 0) + 1);
          continue;
        }
        rows.push(item);
        messages.push({
          topic: table.topic,
          key: `${table.source}:${rowKey(table, keyColumns, change.row) ?? ''}`,
          value: json(change.row),
          headers: { 'tally-source': table.source, 'tally-lsn': change.lsn, [EVENT_ID_HEADER]: String(mapped.event.event_id) },
        });
      }
      const [, forwarded] = await Promise.all([send(messages), others.length > 0 ? options.events.deliver(others) : undefined, kept.length > 0 ? options.quarantine.add(kept) : undefined]);
      const counts: DeliveryCounts = { stored: rows.length, duplicates: 0, quarantined: kept.length, ignored: 0 };
      const perTable = new Map<string, number>();
      for (const r of rows) perTable.set(r.table.source, (perTable.get(r.table.source) ?? 0) + 1);
      for (const table of new Set([...perTable.keys(), ...keptPerTable.keys()])) options.onCounts?.(table, 'insert', { stored: perTable.get(table) ?? 0, duplicates: 0, quarantined: keptPerTable.get(table) ?? 0, ignored: 0 });
      if (forwarded) {
        counts.stored += forwarded.stored;
        counts.duplicates += forwarded.duplicates;
        counts.quarantined += forwarded.quarantined;
        counts.ignored += forwarded.ignored;
      }
      return counts;
    },
  };
}
