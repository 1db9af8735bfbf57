// Change capture in Kafka mode (TALLY_INGEST=kafka): each captured insert (and snapshot row) is
// produced, as the row's JSON, to its table's topic (the mapping's `topic`, default the table name:
// seed 000's `concept_events` and `actions`), keyed by `schema.table:key`, with acks=all; the
// workers map those topics with TALLY_KAFKA_MAPPINGS as they map any change-capture topic. Updates
// and deletes with the `record` policy are not rows of the table: they go through the ingest
// service, which in Kafka mode produces them to KAFKA_TOPIC. `deliver` resolves only after the
// broker acknowledged everything, so the slot is confirmed only then.

import { ProduceAcks } from '@platformatic/kafka';
import type { EventProducer } from '../../ingest/kafka-worker.ts';
import { retryWithBackoff } from '../../retry.ts';
import { rowKey } from './mapping.ts';
import { CaptureStoppedError, type ChangeSink, type ChangeSinkOptions, type DeliveryCounts, type DeliveryItem } from './sink.ts';

export interface KafkaChangeSinkOptions extends ChangeSinkOptions {
  readonly producer: Pick<EventProducer, 'send'>;
  /** where updates and deletes recorded as events go (the ingest sink) */
  readonly events: ChangeSink;
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
      const rows = items.filter((i) => i.change.kind === 'insert');
      const others = items.filter((i) => i.change.kind !== 'insert');
      const messages = rows.map(({ table, change }) => ({
        topic: table.topic,
        key: `${table.source}:${rowKey(table, options.keyColumns(table.source), change.row) ?? ''}`,
        value: json(change.row),
        headers: { 'tally-source': table.source, 'tally-lsn': change.lsn },
      }));
      const [, forwarded] = await Promise.all([send(messages), others.length > 0 ? options.events.deliver(others) : undefined]);
      const counts: DeliveryCounts = { stored: rows.length, duplicates: 0, quarantined: 0, ignored: 0 };
      const perTable = new Map<string, number>();
      for (const r of rows) perTable.set(r.table.source, (perTable.get(r.table.source) ?? 0) + 1);
      for (const [table, n] of perTable) options.onCounts?.(table, 'insert', { stored: n, duplicates: 0, quarantined: 0, ignored: 0 });
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
