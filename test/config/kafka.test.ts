import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { TallyError } from '../../src/errors.ts';

test('ingest goes to the store directly unless TALLY_INGEST=kafka', () => {
  const c = loadConfig({});
  assert.equal(c.ingest, 'direct');
  assert.deepEqual(c.kafka.bootstrapServers, ['127.0.0.1:9092']);
  assert.equal(c.kafka.topic, 'tally.events');
  assert.equal(c.kafka.groupId, 'tally-worker');
  assert.equal(c.kafka.compression, 'lz4');
  assert.deepEqual(c.kafka.mappings, []);
  assert.equal(c.kafka.inProcessWorker, 'auto');
  const k = loadConfig({ TALLY_INGEST: 'kafka', KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092, 127.0.0.1:9094', KAFKA_LINGER_MS: '0', KAFKA_COMPRESSION: 'zstd' });
  assert.equal(k.ingest, 'kafka');
  assert.deepEqual(k.kafka.bootstrapServers, ['127.0.0.1:9092', '127.0.0.1:9094']);
  assert.equal(k.kafka.lingerMs, 0);
  assert.equal(k.kafka.compression, 'zstd');
  assert.ok(Object.isFrozen(k.kafka));
});

test('topic mappings come from inline JSON or a file, with column defaults', () => {
  const spec = { concept_events: { app_id: 'tutor', event_name: 'concept_event', event_id: 'id' }, actions: { app_id: 'tutor', event_name: 'tutor_action', user_id: 'uid', timestamp: 'created_at' } };
  const inline = loadConfig({ TALLY_KAFKA_MAPPINGS: JSON.stringify(spec) }).kafka.mappings;
  assert.deepEqual(inline[0], { topic: 'concept_events', appId: 'tutor', eventName: 'concept_event', userIdColumn: 'user_id', timestampColumn: 'timestamp', sessionIdColumn: 'session_id', eventIdColumn: 'id' });
  assert.deepEqual(inline[1], { topic: 'actions', appId: 'tutor', eventName: 'tutor_action', userIdColumn: 'uid', timestampColumn: 'created_at', sessionIdColumn: 'session_id', eventIdColumn: undefined });
  const dir = mkdtempSync(path.join(tmpdir(), 'tally-mappings-'));
  writeFileSync(path.join(dir, 'mappings.json'), JSON.stringify(spec));
  assert.deepEqual(loadConfig({ TALLY_KAFKA_MAPPINGS: 'mappings.json' }, dir).kafka.mappings, inline);
});

const invalid: Array<[Record<string, string>, RegExp]> = [
  [{ TALLY_INGEST: 'pulsar' }, /TALLY_INGEST="pulsar": expected 'direct' or 'kafka'/],
  [{ KAFKA_TOPIC: 'bad topic!' }, /KAFKA_TOPIC/],
  [{ KAFKA_BOOTSTRAP_SERVERS: 'localhost' }, /KAFKA_BOOTSTRAP_SERVERS="localhost": expected a comma-separated list of host:port/],
  [{ KAFKA_SESSION_TIMEOUT_MS: '1000' }, /KAFKA_SESSION_TIMEOUT_MS="1000": expected an integer from 6000/],
  [{ KAFKA_COMPRESSION: 'brotli' }, /KAFKA_COMPRESSION="brotli": expected none, gzip, snappy, lz4, zstd/],
  [{ KAFKA_WORKER_MAX_IN_FLIGHT: '0' }, /KAFKA_WORKER_MAX_IN_FLIGHT/],
  [{ TALLY_KAFKA_WORKER: 'maybe' }, /TALLY_KAFKA_WORKER="maybe": expected auto, on or off/],
  [{ TALLY_KAFKA_MAPPINGS: '{not json' }, /TALLY_KAFKA_MAPPINGS.*valid JSON/],
  [{ TALLY_KAFKA_MAPPINGS: '/nonexistent/mappings.json' }, /TALLY_KAFKA_MAPPINGS=.*inline JSON or the path of a readable JSON file/],
  [{ TALLY_KAFKA_MAPPINGS: '{"actions": {"event_name": "x"}}' }, /TALLY_KAFKA_MAPPINGS\[actions\]\.app_id/],
  [{ TALLY_KAFKA_MAPPINGS: '{"actions": {"app_id": "Tutor!", "event_name": "x"}}' }, /TALLY_KAFKA_MAPPINGS\[actions\]\.app_id="Tutor!"/],
  [{ TALLY_KAFKA_MAPPINGS: '{"actions": {"app_id": "t", "event_name": "x", "user": "u"}}' }, /TALLY_KAFKA_MAPPINGS\[actions\]\.user="u": expected one of the keys/],
  [{ TALLY_KAFKA_MAPPINGS: '{"actions": {"app_id": "t", "event_name": "x", "user_id": "drop table"}}' }, /\.user_id="drop table": expected a column name/],
  [{ TALLY_KAFKA_MAPPINGS: '{"tally.events": {"app_id": "t", "event_name": "x"}}' }, /a topic other than KAFKA_TOPIC/],
];

for (const [env, message] of invalid) {
  test(`Kafka configuration ${JSON.stringify(env)} is refused with the key, value and what is allowed`, () => {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof TallyError && err.code === 'TALLY_ERR_CONFIG_INVALID' && message.test(err.message),
    );
  });
}
