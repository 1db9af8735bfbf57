import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIngestPipeline, decodeRow, encodeRow, ROW_COLUMN_NAMES, ROW_SCHEMA_V1, type EventRow } from '../../../src/ingest/index.ts';

const NOW = Date.parse('2026-10-02T00:00:00Z');

/** a row whose every column holds a value no other column holds, so a swapped column shows */
const row: EventRow = {
  event_id: '01a0f755-f2fa-757c-8f8e-5c403d8771a3',
  app_id: 'shop',
  event_name: 'purchase "big"\\',
  category: 'transaction',
  user_id: 'ü"ser',
  anonymous_id: 'anon_1',
  session_id: 'sess_1',
  timestamp: '2026-10-01 12:00:00.250',
  received_at: '2026-10-01 12:00:01.000',
  properties: '{"revenue":19.99,"note":"a\\nb"}',
  device: 'mobile',
  browser: 'Mobile Safari',
  os: 'iOS',
  country: 'FR',
  ip_prefix: '203.0.113.0',
  locale: 'fr-FR',
  app_version: '2.1.0',
  library: 'tally-js',
  page_url: 'https://shop.example/checkout?step=2',
  referrer: 'https://search.example/?q=shoes',
  user_agent: 'Mozilla/5.0 (iPhone)',
  entity_type: 'project',
  entity_id: 'p_77',
  metadata: '{"ip_address":"x","flow":"checkout"}',
  source: 'web',
  region: 'IDF',
  city: 'Paris',
  user_role: 'client',
  user_tenure_days: 412,
};

test('every column survives encode → decode, in the order the decoder checks them', () => {
  const text = encodeRow(row);
  assert.deepEqual(Object.keys(JSON.parse(text)), ROW_COLUMN_NAMES, 'the encoder writes the decoder\'s columns, in its order');
  assert.deepEqual(Object.keys(row).sort(), [...ROW_COLUMN_NAMES].sort(), 'this fixture names every column');
  const decoded = decodeRow(text, NOW);
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.message);
  assert.equal(decoded.event.row, text, 'the row is stored as it came');
  assert.deepEqual(JSON.parse(decoded.event.row), row);
  assert.deepEqual(decoded.event, { eventId: row.event_id, appId: row.app_id, eventName: row.event_name, userId: row.user_id, timestampMs: Date.parse('2026-10-01T12:00:00.250Z'), row: text });
});

test('a row the pipeline encodes decodes back to the same event, every column as written', () => {
  const pipeline = createIngestPipeline({ now: () => NOW, storeUserAgent: true });
  const sent = {
    app_id: 'shop',
    event_name: 'purchase',
    user_id: 'u_42',
    anonymous_id: 'a_1',
    session_id: 's_9',
    timestamp: '2026-10-01T14:00:00.5+02:00',
    properties: { revenue: 19.99, variant: 'B' },
    entity_type: 'project',
    entity_id: 77,
    metadata: { flow: 'checkout' },
    source: 'ios',
    context: { user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', ip: '203.0.113.7', country: 'fr', locale: 'fr-FR', app_version: '1.2', library: 'tally-js', page_url: 'https://shop.example/', referrer: 'https://ref.example/' },
  };
  const encoded = pipeline(sent, { receivedAtMs: NOW });
  assert.ok(encoded.ok);
  const decoded = decodeRow(encoded.event.row, NOW);
  assert.deepEqual(decoded, encoded);
  const columns = JSON.parse(encoded.event.row) as EventRow;
  assert.deepEqual(Object.keys(columns), ROW_COLUMN_NAMES);
  assert.deepEqual(
    { ...columns, event_id: '' },
    {
      event_id: '',
      app_id: 'shop',
      event_name: 'purchase',
      category: 'transaction',
      user_id: 'u_42',
      anonymous_id: 'a_1',
      session_id: 's_9',
      timestamp: '2026-10-01 12:00:00.500',
      received_at: '2026-10-02 00:00:00.000',
      properties: '{"revenue":19.99,"variant":"B"}',
      device: 'desktop',
      browser: 'Chrome',
      os: 'Windows',
      country: 'FR',
      ip_prefix: '203.0.113.0',
      locale: 'fr-FR',
      app_version: '1.2',
      library: 'tally-js',
      page_url: 'https://shop.example/',
      referrer: 'https://ref.example/',
      user_agent: sent.context.user_agent,
      entity_type: 'project',
      entity_id: '77',
      metadata: '{"flow":"checkout"}',
      source: 'ios',
      region: '',
      city: '',
      user_role: '',
      user_tenure_days: null,
    },
  );
});

test('a v1 row (written before seed 004\'s columns) is read under its own header, and only there', () => {
  const v1: Record<string, unknown> = { ...row };
  for (const name of ['entity_type', 'entity_id', 'metadata', 'source', 'region', 'city', 'user_role', 'user_tenure_days']) delete v1[name];
  const text = JSON.stringify(v1);
  const d = decodeRow(text, NOW, ROW_SCHEMA_V1);
  assert.ok(d.ok, d.ok ? '' : d.message);
  assert.equal(d.event.row, text);
  const v2 = decodeRow(text, NOW);
  assert.ok(!v2.ok && v2.message.includes('missing column entity_type'));
  // a v1 row that does carry a new column still has it checked
  const bad = decodeRow(JSON.stringify({ ...v1, user_tenure_days: 1.5 }), NOW, ROW_SCHEMA_V1);
  assert.ok(!bad.ok && bad.message.includes('user_tenure_days'));
});

test('a row missing any one column is refused, naming the column', () => {
  for (const name of ROW_COLUMN_NAMES) {
    const partial: Record<string, unknown> = { ...row };
    delete partial[name];
    const d = decodeRow(JSON.stringify(partial), NOW);
    assert.ok(!d.ok && d.code === 'TALLY_ERR_KAFKA_BAD_ROW' && d.message.includes(name), name);
  }
});
