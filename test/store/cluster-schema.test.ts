// The cluster and Kafka-engine DDL, checked by the real ClickHouse parser (chDB's formatQuery):
// a cluster cannot run here (it needs Keeper), so every statement is parsed, and its shape checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { loadConfig } from '../../src/config/index.ts';
import { schemaStatements } from '../../src/scale-commands.ts';
import { clusterSchema, parseCreateTable } from '../../src/store/cluster-schema.ts';
import { kafkaEngineSchema } from '../../src/store/kafka-engine-schema.ts';
import { loadMigrations, openStore, splitStatements, type StoreConnection } from '../../src/store/index.ts';
import { tempDir } from '../helpers/tally.ts';

const config = loadConfig({
  TALLY_KAFKA_MAPPINGS: JSON.stringify({ concept_events: { app_id: 'tutor', event_name: 'concept_event', event_id: 'id' }, actions: { app_id: 'tutor', event_name: 'tutor_action' } }),
});

async function parses(store: StoreConnection, statement: string): Promise<string> {
  const [row] = await store.query<{ f: string }>('SELECT formatQuery({q:String}) AS f', { q: statement });
  return row.f;
}

test('every statement of every variant parses with the real ClickHouse parser', async (t) => {
  const dir = tempDir();
  const store = openStore({ kind: 'embedded' }, dir);
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // the parser does refuse what is not SQL, so passing means something
  await assert.rejects(parses(store, 'CREATE TABLE x (a UInt8) ENGIN = Memory'), /Syntax error/i);
  await assert.rejects(parses(store, "CREATE TABLE x ON CLUSTER (a UInt8) ENGINE = ReplicatedMergeTree('/p', '{replica}') ORDER BY a"), /Syntax error/i);
  let count = 0;
  for (const flags of [{}, { cluster: 'tally' }, { kafkaEngine: true }, { cluster: 'tally', kafkaEngine: true }]) {
    for (const statement of schemaStatements(config, flags)) {
      const formatted = await parses(store, statement);
      assert.ok(formatted.length > 0);
      count++;
    }
  }
  assert.ok(count > 60, `${count} statements parsed`);
});

test('cluster DDL: replicated local tables with macros, Distributed tables over them, views on the shard', () => {
  const statements = clusterSchema({ cluster: 'tally' });
  const creates = loadMigrations().flatMap((m) => m.statements).map(parseCreateTable).filter((s) => s !== undefined);
  assert.ok(creates.length >= 5);
  for (const { name, engine } of [...creates, { name: 'schema_migrations', engine: 'MergeTree' }]) {
    const local = statements.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS ${name}_local ON CLUSTER tally\n`));
    assert.ok(local, `${name}_local`);
    assert.match(local, new RegExp(`ENGINE = Replicated${engine}\\('/clickhouse/tables/\\{shard\\}/\\{database\\}/${name}_local', '\\{replica\\}'`));
    const dist = statements.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS ${name} ON CLUSTER tally AS ${name}_local`));
    assert.ok(dist, name);
    assert.match(dist, new RegExp(`ENGINE = Distributed\\(tally, currentDatabase\\(\\), ${name}_local, `));
    assert.ok(statements.indexOf(local) < statements.indexOf(dist));
  }
  const events = statements.find((s) => s.startsWith('CREATE TABLE IF NOT EXISTS events ON CLUSTER'));
  assert.match(events ?? '', /cityHash64\(app_id, user_id\)\)$/, "a user's events stay on one shard");
  assert.match(statements.find((s) => s.startsWith('CREATE TABLE IF NOT EXISTS apps ON CLUSTER')) ?? '', /cityHash64\(app_id\)\)$/);
  const mv = statements.find((s) => s.startsWith('CREATE MATERIALIZED VIEW IF NOT EXISTS events_hourly_mv'));
  assert.match(mv ?? '', /^CREATE MATERIALIZED VIEW IF NOT EXISTS events_hourly_mv ON CLUSTER tally TO events_hourly_local\nAS SELECT[\s\S]*FROM events_local\b/);
  for (const s of statements) assert.match(s, /ON CLUSTER tally/, s.slice(0, 60));
  const alters = statements.filter((s) => s.startsWith('ALTER TABLE api_keys'));
  assert.ok(alters.some((s) => s.startsWith('ALTER TABLE api_keys_local ON CLUSTER tally ADD COLUMN IF NOT EXISTS name String')));
  assert.ok(alters.some((s) => s.startsWith('ALTER TABLE api_keys ON CLUSTER tally ADD COLUMN IF NOT EXISTS name String')), 'the Distributed table gets new columns too');
});

test('cluster DDL refuses what it cannot translate, and bad cluster names', () => {
  const migration = (sql: string) => [{ version: 99, name: 'x', statements: splitStatements(sql) }];
  assert.throws(() => clusterSchema({ cluster: 'tally' }, migration('CREATE TABLE IF NOT EXISTS t (a UInt8) ENGINE = Memory;')), /engine Memory has no replicated form/);
  assert.throws(() => clusterSchema({ cluster: 'tally' }, migration('INSERT INTO apps VALUES (1);')), /migration 0099_x statement 1: unsupported statement/);
  assert.throws(() => clusterSchema({ cluster: 'tally' }, migration('CREATE MATERIALIZED VIEW IF NOT EXISTS v TO nowhere AS SELECT 1;')), /view target nowhere/);
  assert.throws(() => clusterSchema({ cluster: 'tally; DROP TABLE events' }), /bad cluster name/);
});

test('Kafka-engine DDL: a queue per topic, views into events (or events_local on a cluster), errors kept', () => {
  const single = kafkaEngineSchema({ brokers: ['127.0.0.1:9092'], topic: 'tally.events', groupName: 'tally-clickhouse', mappings: config.kafka.mappings });
  const queue = single.find((s) => s.startsWith('CREATE TABLE IF NOT EXISTS kafka_tally_events_queue\n'));
  assert.match(queue ?? '', /ENGINE = Kafka\nSETTINGS\n {4}kafka_broker_list = '127.0.0.1:9092',\n {4}kafka_topic_list = 'tally.events',\n {4}kafka_group_name = 'tally-clickhouse',\n {4}kafka_format = 'JSONEachRow'/);
  assert.doesNotMatch(queue ?? '', /CODEC|PROJECTION/);
  assert.ok(single.some((s) => /^CREATE MATERIALIZED VIEW IF NOT EXISTS kafka_tally_events_queue_mv TO events\n/.test(s)));
  assert.ok(single.some((s) => /^CREATE TABLE IF NOT EXISTS kafka_concept_events_queue\n[\s\S]*kafka_format = 'JSONAsString'/.test(s)));
  assert.ok(single.some((s) => /^CREATE MATERIALIZED VIEW IF NOT EXISTS kafka_actions_queue_mv TO events\n[\s\S]*'tutor_action' AS event_name/.test(s)));
  assert.equal(single.filter((s) => s.includes('TO kafka_errors')).length, 3);
  const cluster = kafkaEngineSchema({ brokers: ['b:9092'], topic: 'tally.events', groupName: 'g', mappings: [], cluster: 'tally' });
  assert.ok(cluster.every((s) => s.includes(' ON CLUSTER tally')));
  assert.ok(cluster.some((s) => s.includes('_mv ON CLUSTER tally TO events_local\n')));
});
