// The configured pipeline (what `serve` and `worker` both build from the configuration) refuses what
// the configuration says: an event past its category's retention, an unknown app, a schema's
// refusal — whichever process reads the event.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/index.ts';
import { createConfiguredPipeline } from '../../../src/ingest/index.ts';

const DAY_MS = 86_400_000;
const config = loadConfig({ TALLY_RETENTION: 'transaction=forever', TALLY_RETENTION_DEFAULT: '30d' });
const pipeline = createConfiguredPipeline(config, {
  apps: { has: (id) => id === 'shop' },
  schemas: { categoryOf: () => undefined, check: () => ({ ok: true }) as never },
  scrub: undefined,
});

function codeOf(event: Record<string, unknown>): string {
  const r = pipeline(event, { receivedAtMs: Date.now() });
  return r.ok ? 'ok' : r.code;
}

test("the configured pipeline applies the retention horizon, whichever process builds it", () => {
  const base = { app_id: 'shop', event_name: 'page_view', user_id: 'u_1' };
  assert.equal(codeOf({ ...base, timestamp: new Date(Date.now() - DAY_MS).toISOString() }), 'ok');
  assert.equal(codeOf({ ...base, timestamp: new Date(Date.now() - 60 * DAY_MS).toISOString() }), 'TALLY_ERR_EVENT_TIMESTAMP_TOO_OLD');
  assert.equal(codeOf({ ...base, app_id: 'ghost', timestamp: new Date().toISOString() }), 'TALLY_ERR_APP_UNKNOWN');
});
