// The whole ingest path in one exported trace, over a real broker and a real OTLP/HTTP receiver:
// the HTTP request's SERVER span (child of the caller), the Kafka PRODUCER span (child of it), the
// worker's CONSUMER span (linked to the producer span: a batch mixes many requests) and the store
// insert (child of the consumer span).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BOOTSTRAP, createTopics, randomName } from '../helpers/kafka.ts';
import { bearer, countEvents, createApp, event, startTestTally } from '../helpers/tally.ts';
import { startOtlpReceiver } from './otlp-receiver.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

test('HTTP ingest → Kafka → worker → store arrive as one trace with parent and link', async (t) => {
  const otlp = await startOtlpReceiver(t);
  const topic = randomName('tally-otlp');
  await createTopics(t, [topic]);
  const tally = await startTestTally(t, {
    TALLY_INGEST: 'kafka',
    KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_GROUP_ID: randomName('tally-otlp-group'),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${otlp.url}/v1/traces`,
  });
  const { writeKey } = await createApp(tally, 'shop');
  const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: { ...bearer(writeKey), traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` }, payload: { events: [event(), event({ user_id: 'u_2' })] } });
  assert.equal(res.statusCode, 200, res.body);
  for (let i = 0; i < 200 && (await countEvents(tally, 'shop')) < 2; i++) await sleep(100);
  assert.equal(await countEvents(tally, 'shop'), 2);
  await tally.close();

  const server = otlp.spans.find((s) => s.name === 'POST /v1/batch');
  assert.ok(server, `spans: ${otlp.spans.map((s) => s.name).join(', ')}`);
  assert.equal(server.traceId, TRACE_ID);
  assert.equal(server.parentSpanId, CALLER_SPAN);
  const produce = otlp.spans.find((s) => s.name === `${topic} publish`);
  assert.ok(produce);
  assert.equal(produce.traceId, TRACE_ID);
  assert.equal(produce.parentSpanId, server.spanId);
  assert.equal(produce.kind, 4); // PRODUCER
  const consume = otlp.spans.find((s) => s.name === `${topic} process` && s.links.some((l) => l.spanId === produce.spanId));
  assert.ok(consume, 'the consume span links to the producer span');
  assert.equal(consume.kind, 5); // CONSUMER
  assert.deepEqual(consume.links.find((l) => l.spanId === produce.spanId), { traceId: TRACE_ID, spanId: produce.spanId });
  const insert = otlp.spans.find((s) => s.name === 'events insert' && s.parentSpanId === consume.spanId);
  assert.ok(insert, 'the store insert is a child of the consume span');
  assert.equal(insert.traceId, consume.traceId);
  assert.ok(Number(insert.attributes['db.operation.batch.size']) >= 1);
});
