import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/index.ts';
import { TallyError } from '../../src/errors.ts';

test('defaults follow the documented contract', () => {
  const c = loadConfig({}, '/srv');
  assert.equal(c.port, 8001);
  assert.equal(c.metricsPort, 8000);
  assert.equal(c.dataDir, '/srv/data');
  assert.deepEqual(c.store, { kind: 'embedded' });
  assert.equal(c.kafka.topic, 'tally.events');
  assert.ok(Object.isFrozen(c));
});

test('a ClickHouse URL selects the server store', () => {
  assert.deepEqual(loadConfig({ TALLY_STORE: 'http://default:pw@127.0.0.1:8123/tally' }).store, { kind: 'server', url: 'http://default:pw@127.0.0.1:8123/tally' });
});

const invalid: Array<[Record<string, string>, RegExp]> = [
  [{ TALLY_PORT: 'eighty' }, /TALLY_PORT="eighty": expected an integer from 0 to 65535/],
  [{ TALLY_PORT: '70000' }, /TALLY_PORT/],
  [{ TALLY_METRICS_PORT: '-1' }, /TALLY_METRICS_PORT/],
  [{ BATCH_SIZE: '0' }, /BATCH_SIZE="0"/],
  [{ FLUSH_INTERVAL_MS: '1.5' }, /FLUSH_INTERVAL_MS/],
  [{ TALLY_STORE: 'ftp://x' }, /TALLY_STORE="ftp:\/\/x": expected 'embedded' or an http\(s\):\/\/ ClickHouse URL/],
  [{ TALLY_STORE: 'not a url' }, /TALLY_STORE/],
  [{ TALLY_FSYNC: 'maybe' }, /TALLY_FSYNC="maybe": expected one of true, false/],
  [{ TALLY_LOG_LEVEL: 'loud' }, /TALLY_LOG_LEVEL/],
  [{ KAFKA_TOPIC: 'bad topic!' }, /KAFKA_TOPIC/],
  [{ TALLY_ADMIN_TOKEN: 'short' }, /TALLY_ADMIN_TOKEN="\*\*\*": expected at least 16 characters/],
];

for (const [env, message] of invalid) {
  test(`configuration ${JSON.stringify(env)} is refused with the key, value and what is allowed`, () => {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof TallyError && err.code === 'TALLY_ERR_CONFIG_INVALID' && message.test(err.message),
    );
  });
}

test('retention months are written mo; a bare m is still read as months, never minutes', () => {
  const c = loadConfig({ TALLY_RETENTION: 'transaction=18mo,interaction=6m', TALLY_RETENTION_DEFAULT: '3mo' });
  assert.deepEqual(c.retention.byCategory.transaction, { amount: 18, unit: 'MONTH' });
  assert.deepEqual(c.retention.byCategory.interaction, { amount: 6, unit: 'MONTH' });
  assert.deepEqual(c.retention.otherwise, { amount: 3, unit: 'MONTH' });
  for (const bad of ['18min', '18mon', '0mo', 'mo']) {
    assert.throws(() => loadConfig({ TALLY_RETENTION_DEFAULT: bad }), /TALLY_RETENTION_DEFAULT=.*expected a period like 90d, 18mo, 7y/, bad);
  }
});
