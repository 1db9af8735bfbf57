// Experiments cannot freeze the process: at most 20 variants are analysed (more is a coded 400,
// whichever way they arrive), the largest accepted analysis answers in bounded time, and three of
// them at once leave the event loop free — another tenant's single event is acknowledged
// promptly. Real engine, real worker threads.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { bearer, createApp, startTestTally } from '../helpers/tally.ts';
import type { TestEvent } from './reference/events.ts';

const KEEP_EVENTS = { TALLY_RETENTION: '', TALLY_RETENTION_DEFAULT: 'forever' };
const FROM = '2026-10-01T00:00:00.000Z';
const TO = '2026-10-06T00:00:00.000Z';
const HOUR = 3_600_000;
const VARIANTS = Array.from({ length: 20 }, (_, i) => `v${String(i).padStart(2, '0')}`);
/** the answer time the largest accepted analysis must keep, and the event-loop stall allowed meanwhile */
const MAX_ANSWER_MS = 5_000;
const MAX_LOOP_DELAY_MS = 200;

/** 20 variants with users (distinct rates, so every posterior differs), and a property with 21 values */
function generate(appId: string): TestEvent[] {
  const out: TestEvent[] = [];
  const base = Date.parse(FROM);
  for (let u = 0; u < 2100; u++) {
    const v = u % 20;
    const at = base + (u % 100) * HOUR;
    out.push({ app_id: appId, event_name: 'exposure', user_id: `u${u}`, timestamp: new Date(at).toISOString(), properties: { variant: VARIANTS[v], many: `m${u % 21}` } });
    if (u % 97 < 5 + v) out.push({ app_id: appId, event_name: 'purchase', user_id: `u${u}`, timestamp: new Date(at + HOUR).toISOString(), properties: { revenue: 5 + (u % 40) + v } });
  }
  return out;
}

test('experiments are bounded and leave the event loop free', async (t) => {
  const tally = await startTestTally(t, KEEP_EVENTS);
  const { readKey } = await createApp(tally, 'exp');
  const other = await createApp(tally, 'other');
  const events = generate('exp');
  assert.equal((await tally.ingest.ingest(events, {})).accepted, events.length);
  const ask = async (body: Record<string, unknown>) => {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/insights/experiments', headers: bearer(readKey), payload: { app_id: 'exp', from: FROM, to: TO, goal: { event: 'purchase' }, ...body } });
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  };
  const split = Object.fromEntries(VARIANTS.map((v) => [v, 1]));
  const largest = [
    { expected_split: split, control: 'v07', sequential: true },
    { expected_split: split, metric: { type: 'continuous', event: 'purchase', property: 'revenue' } },
  ];

  await t.test('more than 20 variants, stored or named, is a coded 400', async () => {
    const others = Object.fromEntries(VARIANTS.map((v) => [`x${v}`, 1]));
    const started = performance.now();
    for (const [body, code] of [
      [{ expected_split: others }, 'TALLY_ERR_EXPERIMENT_TOO_MANY_VARIANTS'], // 20 stored + 20 other names: the reported worst case
      [{ control: 'v20' }, 'TALLY_ERR_EXPERIMENT_TOO_MANY_VARIANTS'],
      [{ variant_property: 'many' }, 'TALLY_ERR_EXPERIMENT_TOO_MANY_VARIANTS'],
      [{ expected_split: { ...others, extra: 1 } }, 'TALLY_ERR_REQUEST_INVALID'], // 21 names: refused by the schema
      [{ expected_split: others, control: 'extra', variant_property: 'nothing' }, 'TALLY_ERR_EXPERIMENT_TOO_MANY_VARIANTS'],
    ] as const) {
      const { status, body: answer } = await ask(body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(answer.error.code, code, JSON.stringify(answer));
    }
    const refusedMs = performance.now() - started;
    t.diagnostic(`five over-limit specs refused in ${refusedMs.toFixed(0)} ms`);
    assert.ok(refusedMs < MAX_ANSWER_MS);
  });

  await t.test('the largest accepted analysis answers in bounded time', async () => {
    for (const body of largest) {
      const started = performance.now();
      const { status, body: answer } = await ask(body);
      const elapsedMs = performance.now() - started;
      assert.equal(status, 200, JSON.stringify(answer));
      assert.equal(answer.variants.length, 20);
      assert.ok(Math.abs(answer.variants.reduce((s: number, v: { probability_best: number }) => s + v.probability_best, 0) - 1) < 1e-9);
      t.diagnostic(`${body.metric ? 'continuous' : 'conversion, sequential'}, 20 variants: ${elapsedMs.toFixed(0)} ms`);
      assert.ok(elapsedMs < MAX_ANSWER_MS, `${elapsedMs} ms`);
    }
  });

  await t.test('three at once: the event loop stays responsive and another tenant\'s event is acknowledged promptly', async () => {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    let probeMaxMs = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      probeMaxMs = Math.max(probeMaxMs, now - last - 10);
      last = now;
    }, 10);
    histogram.enable();
    const started = performance.now();
    const analyses = [largest[0], largest[1], largest[0]].map(async (body) => {
      const { status } = await ask(body);
      return { status, ms: performance.now() - started };
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const sent = performance.now();
    const ingest = await tally.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(other.writeKey),
      payload: { app_id: 'other', event_name: 'page_view', user_id: 'u1', timestamp: new Date().toISOString(), properties: {} },
    });
    const ingestMs = performance.now() - sent;
    const answers = await Promise.all(analyses);
    histogram.disable();
    clearInterval(probe);
    const loopMaxMs = histogram.max / 1e6;
    t.diagnostic(`3 parallel: answers ${answers.map((a) => a.ms.toFixed(0)).join(', ')} ms; other tenant's event acknowledged in ${ingestMs.toFixed(0)} ms`);
    t.diagnostic(`event-loop delay: histogram max ${loopMaxMs.toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms; timer probe max lag ${probeMaxMs.toFixed(1)} ms`);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200]);
    assert.ok(ingest.statusCode < 300, ingest.body);
    assert.ok(loopMaxMs < MAX_LOOP_DELAY_MS, `event loop stalled ${loopMaxMs} ms`);
    assert.ok(probeMaxMs < MAX_LOOP_DELAY_MS, `timer probe late by ${probeMaxMs} ms`);
    assert.ok(ingestMs < 1_000, `ingest acknowledged after ${ingestMs} ms`);
    for (const a of answers) assert.ok(a.ms < MAX_ANSWER_MS, `${a.ms} ms`);
  });
});
