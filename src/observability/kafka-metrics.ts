// Prometheus metrics of the Kafka pipeline, registered on the instance's registry (see metrics.ts):
// the ingest node's producer and the worker's consumer. Event counters shared with direct ingest
// (consumed, inserted, flush time, pipeline errors) stay in metrics.ts and are reused as they are.

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { perRegistry } from './per-registry.ts';
import type { KafkaSinkMetrics } from '../ingest/kafka-sink.ts';
import type { KafkaWorkerMetrics } from '../ingest/kafka-worker.ts';

/** The Kafka metrics of a registry (created once per registry: a process may run several workers). */
export const createKafkaMetrics: (registry: Registry) => KafkaMetrics = perRegistry((registry) => build(registry));

function build(registry: Registry) {
  const registers = [registry];
  const produced = new Counter({ name: 'analytics_kafka_produced_total', help: 'Events produced to Kafka and acknowledged by the broker (acks=all)', registers });
  const produceSeconds = new Histogram({
    name: 'analytics_kafka_produce_seconds',
    help: 'Time from a produce call to the broker acknowledgement',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers,
  });
  const produceErrors = new Counter({ name: 'analytics_kafka_produce_errors_total', help: 'Produce calls that failed or timed out (their requests were answered 503)', registers });
  const inFlight = new Gauge({ name: 'analytics_kafka_in_flight_events', help: 'Events queued for or being produced to Kafka', registers });
  const refused = new Counter({ name: 'analytics_kafka_refused_total', help: 'Ingest submissions refused because too many events were in flight (503)', registers });

  const consumed = new Counter({ name: 'analytics_kafka_messages_consumed_total', help: 'Kafka messages read by the worker, by topic', labelNames: ['topic'], registers });
  const deadLetters = new Counter({ name: 'analytics_kafka_dead_letters_total', help: 'Messages sent to the dead-letter topic, by reason code', labelNames: ['reason'], registers });
  const skipped = new Counter({ name: 'analytics_kafka_skipped_total', help: 'Messages neither stored nor dead-lettered, by topic and reason (tombstone: a null value on a change-capture topic)', labelNames: ['topic', 'reason'], registers });
  const commits = new Counter({ name: 'analytics_kafka_commits_total', help: 'Offset commits after durable inserts, by outcome (ok, failed)', labelNames: ['outcome'], registers });
  const retries = new Counter({ name: 'analytics_kafka_store_retries_total', help: 'Store inserts retried by the worker after an error', registers });
  const lag = new Gauge({ name: 'analytics_kafka_consumer_lag', help: 'Messages not yet committed by the group, per assigned partition', labelNames: ['topic', 'partition'], registers });
  const batchesInFlight = new Gauge({ name: 'analytics_kafka_batches_in_flight', help: 'Batches submitted to the store and not yet committed', registers });
  const paused = new Gauge({ name: 'analytics_kafka_consumer_paused', help: '1 while the consumer is paused because the store is behind', registers });

  const sink: KafkaSinkMetrics = {
    onProduced(events, seconds) {
      produced.inc(events);
      produceSeconds.observe(seconds);
    },
    onProduceError() {
      produceErrors.inc();
    },
    onInFlight(events) {
      inFlight.set(events);
    },
    onRefused() {
      refused.inc();
    },
  };

  const worker: KafkaWorkerMetrics = {
    onConsumed(topic, count) {
      consumed.inc({ topic }, count);
    },
    onDeadLetter(reason, count) {
      deadLetters.inc({ reason }, count);
    },
    onSkipped(topic, reason, count) {
      skipped.inc({ topic, reason }, count);
    },
    onCommit(ok) {
      commits.inc({ outcome: ok ? 'ok' : 'failed' });
    },
    onRetry() {
      retries.inc();
    },
    onLag(partitions) {
      lag.reset();
      for (const p of partitions) lag.set({ topic: p.topic, partition: String(p.partition) }, p.lag);
    },
    onInFlight(batches, isPaused) {
      batchesInFlight.set(batches);
      paused.set(isPaused ? 1 : 0);
    },
  };

  return { sink, worker };
}

export type KafkaMetrics = ReturnType<typeof build>;
