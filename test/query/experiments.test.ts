// Experiments through the API equal an independent reference computation over the same generated
// events: assignment (first value, exposure events), conversions, per-user metrics, and the
// statistics recomputed here from the reference counts with jstat's distributions directly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import jStat from 'jstat';
import { experiments, materializeProperty } from '../../src/query/index.ts';
import { analyzeExperiment } from '../../src/query/stats/experiment-analysis.ts';
import type { StoreConnection } from '../../src/store/index.ts';
import { bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { seeded, usersWith, type TestEvent } from './reference/events.ts';
import { mean, refExperiment, sampleVariance, type RefExperimentSpec, type RefVariant } from './reference/experiments.ts';

/** the fixtures are dated; keep them whatever the retention rules say */
const KEEP_EVENTS = { TALLY_RETENTION: '', TALLY_RETENTION_DEFAULT: 'forever' };

const FROM = '2026-10-01T00:00:00.000Z';
const TO = '2026-10-06T00:00:00.000Z';
const HOUR = 3_600_000;
type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;
const near = (a: number | null, b: number, msg: string, tol = 1e-9) => assert.ok(a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${msg}: ${a} != ${b}`);

function generate(appId: string, users: number, seed: number): TestEvent[] {
  const random = seeded(seed);
  const base = Date.parse(FROM);
  const out: TestEvent[] = [];
  const ev = (u: number, name: string, at: number, properties: Record<string, unknown>) =>
    out.push({ app_id: appId, event_name: name, user_id: `u${u}`, timestamp: new Date(at).toISOString(), properties: { ...properties, n: out.length } });
  for (let u = 0; u < users; u++) {
    const ab = u % 2 ? 'B' : 'A';
    // C is under-assigned (a sample-ratio mismatch) and never converts
    const abc = u % 3 === 2 && random() < 0.3 ? undefined : ['A', 'B', 'C'][u % 3];
    const seen = base + Math.floor(random() * 5 * 24) * HOUR;
    ev(u, 'exposure', seen, { ab, abc });
    if (random() < 0.1) ev(u, 'page', seen - HOUR, { ab: ab === 'A' ? 'B' : 'A', abc }); // an earlier, different value
    if (u % 50 === 7) ev(u, 'page', seen, { ab: 'B', abc: 'A' }); // same millisecond as the exposure: the smaller value wins
    if (random() < 0.05) ev(u, 'page', seen + HOUR, { ab: null });
    if (u % 40 === 3) ev(u, 'page', seen - 2 * HOUR, { ab: [ab === 'A' ? 'B' : 'A'], abc: { v: 'A' } }); // earlier, but no value: an array, an object
    if (u % 40 === 5) ev(u, 'page', seen - 2 * HOUR, { ab: null, abc: null });
    const rate = abc === 'C' ? 0 : ab === 'A' ? 0.1 : 0.16;
    if (random() < rate) {
      const purchases = 1 + Math.floor(random() * 2);
      for (let i = 0; i < purchases; i++) ev(u, 'purchase', seen + Math.floor(random() * 30) * HOUR - 2 * HOUR, { ab, abc, revenue: 5 + Math.floor(random() * 45) });
    }
    if (random() < 0.3) ev(u, 'purchase', seen + HOUR, { ab, abc, revenue: 'n/a', test: true });
  }
  return out;
}

function zTest(a: RefVariant, b: RefVariant): { z: number; p: number } {
  const pooled = (a.conversions + b.conversions) / (a.users + b.users);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.users + 1 / b.users));
  const z = (b.conversions / b.users - a.conversions / a.users) / se;
  return { z, p: 2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1)) };
}

test('experiments equal the reference computation', async (t) => {
  const tally = await startTestTally(t, KEEP_EVENTS);
  const { readKey } = await createApp(tally, 'exp');
  const other = await createApp(tally, 'other');
  const events = generate('exp', 900, 21);
  assert.equal((await tally.ingest.ingest([...events].reverse(), {})).accepted, events.length);
  const ask = async (body: Record<string, unknown>, key = readKey) => {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/insights/experiments', headers: bearer(key), payload: { app_id: 'exp', from: FROM, to: TO, ...body } });
    return { status: res.statusCode, body: res.json() };
  };
  const range = { fromMs: Date.parse(FROM), toMs: Date.parse(TO) };
  const realGoal = { event: 'purchase', filters: [{ property: 'test', op: 'not_set' as const }] };

  await t.test('two variants: counts, pooled z-test, interval, lift, SRM', async () => {
    for (const exposure of [undefined, 'exposure']) {
      const spec: RefExperimentSpec = { ...range, variantProperty: 'ab', exposureEvent: exposure, goal: realGoal };
      const ref = refExperiment(events, spec);
      const [a, b] = [ref.get('A') as RefVariant, ref.get('B') as RefVariant];
      const { status, body } = await ask({ variant_property: 'ab', goal: realGoal, ...(exposure ? { exposure_event: exposure } : {}), expected_split: { A: 0.5, B: 0.5 } });
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body.variants.map((v: { variant: string; users: number; conversions: number }) => [v.variant, v.users, v.conversions]), [['A', a.users, a.conversions], ['B', b.users, b.conversions]]);
      assert.equal(body.status, 'ready');
      assert.equal(body.control, 'A');
      const { z, p } = zTest(a, b);
      near(body.p_value, p, 'p-value', 1e-7);
      near(body.variants[1].comparison.statistic, z, 'z');
      const [pa, pb] = [a.conversions / a.users, b.conversions / b.users];
      const half = 1.959963984540054 * Math.sqrt((pa * (1 - pa)) / a.users + (pb * (1 - pb)) / b.users);
      near(body.variants[1].comparison.diff_ci[0], pb - pa - half, 'ci low', 1e-6);
      near(body.variants[1].comparison.diff_ci[1], pb - pa + half, 'ci high', 1e-6);
      near(body.variants[1].comparison.lift, pb / pa - 1, 'lift');
      assert.equal(body.significant, p < 0.05);
      const e = (a.users + b.users) / 2;
      const chi = ((a.users - e) ** 2 + (b.users - e) ** 2) / e;
      near(body.srm.chi_square, chi, 'srm chi-square');
      near(body.srm.p_value, 1 - jStat.chisquare.cdf(chi, 1), 'srm p', 1e-7);
      near(body.variants[0].probability_best + body.variants[1].probability_best, 1, 'probabilities add up');
      assert.equal(body.variants[1].probability_best > 0.5, pb > pa);
    }
  });

  await t.test('three variants: zero conversions, Holm correction, not enough data, SRM mismatch', async () => {
    const ref = refExperiment(events, { ...range, variantProperty: 'abc', goal: realGoal });
    const [a, b, c] = ['A', 'B', 'C'].map((k) => ref.get(k) as RefVariant);
    assert.equal(c.conversions, 0);
    const strict = await ask({ variant_property: 'abc', goal: realGoal });
    assert.equal(strict.body.status, 'not_enough_data');
    assert.equal(strict.body.significant, false);
    assert.ok(strict.body.reasons.some((r: string) => r.includes('variant C has 0 conversions')));
    const { body } = await ask({ variant_property: 'abc', goal: realGoal, control: 'B', min_conversions_per_variant: 0 });
    assert.equal(body.status, 'ready');
    assert.equal(body.correction, 'holm');
    assert.deepEqual(body.variants.map((v: { variant: string }) => v.variant), ['B', 'A', 'C']);
    const pA = zTest(b, a).p;
    const pC = zTest(b, c).p;
    const [lo, hi] = pA < pC ? [pA, pC] : [pC, pA];
    const adjustedLo = Math.min(1, 2 * lo);
    const adjustedHi = Math.max(adjustedLo, hi);
    near(body.variants[1].comparison.p_value, pA, 'A vs B', 1e-7);
    near(body.variants[2].comparison.p_value, pC, 'C vs B', 1e-7);
    near(body.variants[pA < pC ? 1 : 2].comparison.p_value_adjusted, adjustedLo, 'holm lower', 1e-7);
    near(body.variants[pA < pC ? 2 : 1].comparison.p_value_adjusted, adjustedHi, 'holm higher', 1e-7);
    near(body.p_value, adjustedLo, 'top-level p');
    assert.equal(body.variants[2].rate, 0);
    assert.equal(body.variants[2].comparison.lift, -1);
    assert.equal(body.variants[2].comparison.lift_ci, null);
    assert.ok(body.variants[2].probability_best < 1e-6);
    assert.equal(body.srm.mismatch, true);
    assert.ok(body.srm.p_value < 0.001);
  });

  await t.test('continuous metric: per-user revenue with Welch\'s t-test', async () => {
    const ref = refExperiment(events, { ...range, variantProperty: 'ab', goal: realGoal, metric: { event: 'purchase', property: 'revenue' } });
    const [a, b] = [ref.get('A') as RefVariant, ref.get('B') as RefVariant];
    const { body } = await ask({ variant_property: 'ab', goal: realGoal, metric: { type: 'continuous', event: 'purchase', property: 'revenue' } });
    assert.equal(body.test, 'welch_t_test');
    for (const [i, v] of [a, b].entries()) {
      near(body.variants[i].mean, mean(v.values), `mean ${v.variant}`);
      near(body.variants[i].stddev, Math.sqrt(sampleVariance(v.values)), `stddev ${v.variant}`);
      near(body.variants[i].total, v.values.reduce((s, x) => s + x, 0), `total ${v.variant}`);
    }
    const [va, vb] = [sampleVariance(a.values) / a.users, sampleVariance(b.values) / b.users];
    const tStat = (mean(b.values) - mean(a.values)) / Math.sqrt(va + vb);
    const df = (va + vb) ** 2 / (va ** 2 / (a.users - 1) + vb ** 2 / (b.users - 1));
    near(body.variants[1].comparison.statistic, tStat, 't');
    near(body.variants[1].comparison.df, df, 'df');
    near(body.p_value, 2 * jStat.studentt.cdf(-Math.abs(tStat), df), 'Welch p', 1e-7);
  });

  await t.test('sequential: the always-valid p-value is the running minimum of mSPRT over daily looks', async () => {
    const ref = refExperiment(events, { ...range, variantProperty: 'ab', goal: realGoal });
    const [a, b] = [ref.get('A') as RefVariant, ref.get('B') as RefVariant];
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const days = [...new Set([a, b].flatMap((v) => v.timeline.flatMap(([at, g]) => [day(at), day(Math.max(at, g ?? at))])))].sort();
    const at = (v: RefVariant, d: string) => ({
      users: v.timeline.filter(([s]) => day(s) <= d).length,
      conversions: v.timeline.filter(([s, g]) => g !== null && day(Math.max(s, g)) <= d).length,
    });
    let best = 1;
    let looks = 0;
    for (const d of days) {
      const [x, y] = [at(a, d), at(b, d)];
      if (x.users < 100 || y.users < 100) continue;
      looks++;
      const pooled = (x.conversions + y.conversions) / (x.users + y.users);
      const sigma2 = pooled * (1 - pooled);
      const v = sigma2 * (1 / x.users + 1 / y.users);
      const tau2 = 0.01 * sigma2;
      const theta = y.conversions / y.users - x.conversions / x.users;
      const lambda = Math.sqrt(v / (v + tau2)) * Math.exp((tau2 * theta ** 2) / (2 * v * (v + tau2)));
      best = Math.min(best, 1 / lambda);
    }
    const { body } = await ask({ variant_property: 'ab', goal: realGoal, sequential: true });
    assert.ok(looks >= 2);
    assert.equal(body.sequential.looks, looks);
    near(body.sequential.p_value, best, 'always-valid p');
    assert.equal(body.significant, best < 0.05);
  });

  await t.test('a segment narrows the experiment to its members', async () => {
    const members = usersWith(events, 'page', range.fromMs, range.toMs);
    const ref = refExperiment(events.filter((e) => members.has(e.user_id)), { ...range, variantProperty: 'ab', goal: realGoal });
    const { body } = await ask({ variant_property: 'ab', goal: realGoal, segment: { custom: { event: 'page', from: FROM, to: TO } }, min_users_per_variant: 10 });
    assert.deepEqual(
      body.variants.map((v: { variant: string; users: number; conversions: number }) => [v.variant, v.users, v.conversions]),
      [...ref.values()].sort((a, b) => (a.variant < b.variant ? -1 : 1)).map((v) => [v.variant, v.users, v.conversions]),
    );
    assert.ok(body.variants[0].users < 200);
  });

  await t.test('no data yet', async () => {
    const { body } = await ask({ variant_property: 'ab', goal: realGoal, from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' });
    assert.equal(body.status, 'not_enough_data');
    assert.deepEqual([body.variants, body.p_value, body.significant, body.control], [[], null, false, null]);
  });

  await t.test('bad specs get coded 400s; another app\'s read key gets 403', async () => {
    for (const b of [
      {},
      { goal: { event: 'purchase' }, confidence_level: 1.5 },
      { goal: { event: 'purchase' }, metric: { type: 'continuous', event: 'purchase' } },
      { goal: { event: 'purchase' }, metric: { type: 'median' } },
      { goal: { event: 'purchase' }, expected_split: { A: -1 } },
      { goal: { event: 'purchase' }, sequential_tau: 0 },
      { goal: { event: 'purchase', filters: [{ property: 'x', op: 'between' }] } },
    ]) {
      const { status, body } = await ask(b);
      assert.equal(status, 400, JSON.stringify(b));
      assert.match(body.error.code, /^TALLY_ERR_(REQUEST|QUERY)_INVALID$/);
    }
    const openapi = (await tally.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    const documented = openapi.paths['/v1/insights/experiments'].post.requestBody.content['application/json'].schema.properties;
    for (const key of ['variant_property', 'exposure_event', 'goal', 'metric', 'confidence_level', 'sequential', 'expected_split', 'segment']) assert.ok(documented[key], `OpenAPI documents ${key}`);
    assert.equal((await ask({ goal: { event: 'purchase' } }, other.readKey)).status, 403);
  });
});

test('with the variant in a column of its own: the same answers, ranked values and ties included', async (t) => {
  const tally = await startTestTally(t, KEEP_EVENTS);
  await createApp(tally, 'exp');
  // a value at the same millisecond as a smaller one, values with bytes that sort before letters,
  // and a user whose values tie at their first time
  const events = generate('exp', 600, 33);
  const first = Date.parse(FROM) + HOUR;
  events.push(
    { app_id: 'exp', event_name: 'page', user_id: 'tie', timestamp: new Date(first).toISOString(), properties: { ab: 'b', abc: 'Z' } },
    { app_id: 'exp', event_name: 'page', user_id: 'tie', timestamp: new Date(first).toISOString(), properties: { ab: 'a b', abc: 'Ä' } },
    { app_id: 'exp', event_name: 'page', user_id: 'tie', timestamp: new Date(first).toISOString(), properties: { ab: 'B', abc: 'A' } },
  );
  assert.equal((await tally.ingest.ingest(events, {})).accepted, events.length);
  const analyzer = { analyze: async (...args: Parameters<typeof analyzeExperiment>) => analyzeExperiment(...args) };
  const sequentialSpec = { app_id: 'exp', from: FROM, to: TO, variant_property: 'ab', goal: { event: 'purchase' }, sequential: true, min_users_per_variant: 1 };
  const fromText = await experiments(tally.store, sequentialSpec, analyzer);
  for (const key of ['ab', 'abc']) await materializeProperty(tally.store, key, { lowCardinality: true });
  const range = { fromMs: Date.parse(FROM), toMs: Date.parse(TO) };
  const goal = { event: 'purchase', filters: [{ property: 'test', op: 'not_set' as const }] };
  const counts = (variants: ReadonlyArray<{ variant: string; users: number; conversions: number }>) => variants.map((v) => [v.variant, v.users, v.conversions]);
  const refCounts = (all: readonly TestEvent[], spec: RefExperimentSpec) =>
    [...refExperiment(all, spec).values()].sort((a, b) => (Buffer.from(a.variant) < Buffer.from(b.variant) ? -1 : 1)).map((v) => [v.variant, v.users, v.conversions]);
  const statements: string[] = [];
  const recording: StoreConnection = {
    ...tally.store,
    query: <T,>(sql: string, ...rest: Tail<Parameters<StoreConnection['query']>>) => {
      statements.push(sql);
      return tally.store.query<T>(sql, ...rest);
    },
  };

  const readsValues = () => statements.some((sql) => sql.includes('GROUP BY v ORDER BY v LIMIT'));
  const comparesTuples = () => statements.some((sql) => sql.includes('(timestamp, v)'));
  // the values of `ab` are read once, then remembered
  for (const [property, exposure, read] of [['ab', undefined, true], ['ab', 'exposure', false], ['abc', undefined, true]] as const) {
    statements.length = 0;
    const answer = await experiments(recording, { app_id: 'exp', from: FROM, to: TO, variant_property: property, goal, ...(exposure ? { exposure_event: exposure } : {}), min_users_per_variant: 1 }, analyzer);
    assert.deepEqual(counts(answer.variants), refCounts(events, { ...range, variantProperty: property, exposureEvent: exposure, goal }), `${property} ${exposure ?? ''}`);
    assert.equal(readsValues(), read, `${property} ${exposure ?? ''}: values read`);
    assert.ok(!comparesTuples(), 'no tuple was compared');
  }
  const ties = await experiments(tally.store, { app_id: 'exp', from: FROM, to: TO, variant_property: 'ab', goal, min_users_per_variant: 1 }, analyzer);
  assert.ok(counts(ties.variants).some(([v, users]) => v === 'B' && Number(users) >= 1), "'B' sorts before 'a b' and 'b': the tied user is in B");

  await t.test('sequential looks agree with the answer read from the JSON text', async () => {
    const ranked = await experiments(tally.store, sequentialSpec, analyzer);
    assert.ok(ranked.sequential && ranked.sequential.looks >= 2);
    assert.deepEqual(ranked.sequential, fromText.sequential);
    assert.deepEqual(counts(ranked.variants), counts(fromText.variants));
  });

  await t.test('a value the remembered ones lack is read when it could come first for someone', async () => {
    const spec = { app_id: 'exp', from: FROM, to: TO, variant_property: 'ab', goal, min_users_per_variant: 1 };
    // later than the user's first value: the remembered values still answer
    const later: TestEvent = { app_id: 'exp', event_name: 'page', user_id: 'tie', timestamp: new Date(first + HOUR).toISOString(), properties: { ab: 'A-later' } };
    // a new user's only value
    const newcomer: TestEvent = { app_id: 'exp', event_name: 'exposure', user_id: 'newcomer', timestamp: new Date(first).toISOString(), properties: { ab: 'A0' } };
    for (const [arriving, read] of [[later, false], [newcomer, true]] as const) {
      assert.equal((await tally.ingest.ingest([arriving], {})).accepted, 1);
      events.push(arriving);
      statements.length = 0;
      const answer = await experiments(recording, spec, analyzer);
      assert.deepEqual(counts(answer.variants), refCounts(events, { ...range, variantProperty: 'ab', goal }), arriving.user_id);
      assert.equal(readsValues(), read, `${arriving.user_id}: values read`);
      assert.ok(!comparesTuples(), 'no tuple was compared');
    }
    statements.length = 0;
    await experiments(recording, spec, analyzer);
    assert.ok(!readsValues(), 'the values read are remembered');
  });

  await t.test('values first stored between the two reads: the answer is recomputed the tuple way', async () => {
    // a new user whose only value is new, and a new value at the very millisecond of the tied
    // user's first values, smaller than theirs ('AB' < 'B'): both change who is in which variant
    const late: TestEvent[] = [
      { app_id: 'exp', event_name: 'exposure', user_id: 'late', timestamp: new Date(first).toISOString(), properties: { ab: 'AA' } },
      { app_id: 'exp', event_name: 'page', user_id: 'tie', timestamp: new Date(first).toISOString(), properties: { ab: 'AB' } },
    ];
    for (const arriving of [[late[0]], [late[1]]]) {
      let stored = false;
      const racing: StoreConnection = {
        ...tally.store,
        query: async <T,>(sql: string, ...rest: Tail<Parameters<StoreConnection['query']>>) => {
          const rows = await tally.store.query<T>(sql, ...rest);
          if (sql.includes('GROUP BY v ORDER BY v LIMIT') && !stored) {
            stored = true;
            assert.equal((await tally.ingest.ingest(arriving, {})).accepted, 1);
          }
          return rows;
        },
      };
      const answer = await experiments(racing, { app_id: 'exp', from: FROM, to: TO, variant_property: 'ab', goal, min_users_per_variant: 1 }, analyzer);
      assert.ok(stored);
      events.push(...arriving);
      assert.deepEqual(counts(answer.variants), refCounts(events, { ...range, variantProperty: 'ab', goal }));
      assert.ok(counts(answer.variants).some(([v, users]) => v === arriving[0].properties.ab && users === 1), `${arriving[0].user_id} is in ${arriving[0].properties.ab}`);
    }
  });
});
