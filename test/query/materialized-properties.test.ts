// Materialized properties change how fast answers come, never what they are: filters, breakdowns,
// experiments and reports read the property's column once it exists (before its backfill, after
// it, and on events written since) and select exactly what the reference selects from the JSON; the
// column is dropped again on request; the admin routes keep their limits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_HOURLY_COUNTS, ParamBag, PROPERTY_COLUMNS_REFRESH_MS, compileFilters, dropMaterializedProperty, materializeProperty, refreshPropertyColumns, type Filter } from '../../src/query/index.ts';
import type { StoreConnection } from '../../src/store/index.ts';
import { PropertyColumns, propertyColumnName } from '../../src/store/index.ts';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { matchesAll, propertyText, type RefEvent } from '../helpers/reference.ts';

const APP = 'matprops';
const BASE = Date.parse('2026-09-01T00:00:00.000Z');
const ODD_KEY = "it's a \\ key";
const PROPS: Array<Record<string, unknown>> = [
  { s: 'Hello World', num: 5, numstr: '42', flag: true, nul: null, arr: [1, 2], obj: { a: 1 }, [ODD_KEY]: 'x' },
  { s: 'hello', num: 12.5, numstr: 'x42', flag: false, [ODD_KEY]: null },
  { s: '', num: -3, numstr: '7', nul: 'null' },
  { num: 0, flag: 'true', s: 'HELLO', [ODD_KEY]: '' },
  {},
  { s: 'other', num: 5.0, numstr: '5', note: 'null' },
  { s: null, num: '5', flag: null },
];
const KEYS = ['s', 'num', 'numstr', 'flag', 'nul', 'arr', 'obj', ODD_KEY];

const eventsOf = (offset: number): RefEvent[] =>
  PROPS.map((p, i) => ({
    event_name: i % 3 === 0 ? 'purchase' : 'view',
    user_id: `u${(i + offset) % 5}`,
    session_id: '',
    timestamp: new Date(BASE + (i + offset) * 3_600_000).toISOString(),
    properties: { i: i + offset, ...p },
    context: {},
  }));

const CASES: Filter[] = [
  { property: 's', op: 'eq', value: 'hello' },
  { property: 's', op: 'neq', value: 'hello' },
  { property: 's', op: 'contains', value: 'HELLO' },
  { property: 's', op: 'in', value: ['hello', 'other', ''] },
  { property: 's', op: 'is_set' },
  { property: 's', op: 'not_set' },
  { property: 's', op: 'eq', value: 'null' },
  { property: 'num', op: 'eq', value: 5 },
  { property: 'num', op: 'gte', value: 5 },
  { property: 'num', op: 'lt', value: 5 },
  { property: 'numstr', op: 'gt', value: 6 },
  { property: 'flag', op: 'eq', value: true },
  { property: 'flag', op: 'neq', value: false },
  { property: 'nul', op: 'is_set' },
  { property: 'nul', op: 'not_set' },
  { property: 'nul', op: 'eq', value: 'null' },
  { property: 'arr', op: 'eq', value: '[1,2]' },
  { property: 'obj', op: 'contains', value: '"a"' },
  { property: ODD_KEY, op: 'is_set' },
  { property: ODD_KEY, op: 'eq', value: '' },
  { property: ODD_KEY, op: 'neq', value: 'x' },
];

test('filters, breakdowns and experiments answer the same from materialized columns as from the JSON', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, APP);
  const admin = bearer(ADMIN_TOKEN);
  const stored: RefEvent[] = [];
  const ingest = async (events: RefEvent[]) => {
    const receipt = await tally.ingest.ingest(events.map((e) => ({ app_id: APP, ...e })), {});
    assert.equal(receipt.rejected.length, 0, JSON.stringify(receipt.rejected));
    stored.push(...events);
  };
  await ingest(eventsOf(0));

  const selected = async (filters: Filter[]) => {
    const params = new ParamBag(tally.store.propertyColumns);
    const rows = await tally.store.query<{ i: number }>(
      `SELECT JSONExtractInt(properties, 'i') AS i FROM events WHERE app_id = {app:String} AND ${compileFilters(filters, params)} ORDER BY i`,
      { ...params.values, app: APP },
    );
    return rows.map((r) => r.i);
  };
  const expected = (filters: Filter[]) =>
    stored
      .filter((e) => matchesAll(e, filters))
      .map((e) => e.properties.i as number)
      .sort((a, b) => a - b);
  const range = { app_id: APP, from: '2026-08-31T00:00:00.000Z', to: '2026-09-03T00:00:00.000Z' };
  const answers = async () => ({
    breakdown: await insight(tally, readKey, 'trends', { ...range, interval: 'day', series: [{ event: 'view', math: 'count' }], breakdown: { property: 's', limit: 3 } }),
    experiment: await insight(tally, readKey, 'experiments', { ...range, variant_property: 's', goal: { event: 'purchase' } }),
    report: (await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(readKey), payload: { template: 'top_content', ...range, property: 'num' } })).json(),
  });
  const checkAll = async (when: string) => {
    for (const f of CASES) assert.deepEqual(await selected([f]), expected([f]), `${when}: ${JSON.stringify(f)}`);
  };

  await checkAll('from the JSON');
  const before = await answers();
  assert.ok((before.breakdown.series as unknown[]).length > 1, 'the breakdown has values to compare');

  // what questions read from the JSON is what the list suggests materializing
  const suggested = (await tally.app.inject({ method: 'GET', url: '/v1/properties/materialized', headers: admin })).json();
  assert.deepEqual(suggested.properties, []);
  assert.equal(suggested.suggestions[0].property, 's', JSON.stringify(suggested.suggestions));
  assert.ok(suggested.suggestions[0].reads >= 2);

  // a read key may not change the store's layout
  const denied = await tally.app.inject({ method: 'POST', url: '/v1/properties/materialized', headers: bearer(readKey), payload: { property: 's' } });
  assert.equal(denied.statusCode, 403);

  // both column types: a few values get a dictionary-encoded column unless the caller says otherwise
  for (const key of KEYS) {
    const payload = key === 'num' ? { property: key, low_cardinality: false } : { property: key };
    const res = await tally.app.inject({ method: 'POST', url: '/v1/properties/materialized', headers: admin, payload });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().column, propertyColumnName(key));
    assert.equal(res.json().low_cardinality, key !== 'num');
  }
  const types = await tally.store.query<{ name: string; type: string }>("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'events' AND name IN {names:Array(String)}", {
    names: [propertyColumnName('num'), propertyColumnName('s')],
  });
  assert.deepEqual(Object.fromEntries(types.map((c) => [c.name, c.type])), { [propertyColumnName('num')]: 'Nullable(String)', [propertyColumnName('s')]: 'LowCardinality(Nullable(String))' });
  const again = await tally.app.inject({ method: 'POST', url: '/v1/properties/materialized', headers: admin, payload: { property: 's' } });
  assert.equal(again.statusCode, 200, 'materializing twice changes nothing');

  // the SQL now reads the columns, not the JSON
  const params = new ParamBag(tally.store.propertyColumns);
  const sql = compileFilters([{ property: 's', op: 'eq', value: 'x' }, { property: ODD_KEY, op: 'is_set' }], params);
  assert.match(sql, new RegExp(propertyColumnName('s')));
  assert.match(sql, new RegExp(propertyColumnName(ODD_KEY)));
  assert.doesNotMatch(sql, /properties/);

  // whether or not the backfill has reached the stored parts yet, the answers are the same
  await checkAll('column, stored parts maybe not yet backfilled');
  let listed: Array<{ property: string; backfilled: boolean }> = [];
  for (let i = 0; i < 200; i++) {
    listed = (await tally.app.inject({ method: 'GET', url: '/v1/properties/materialized', headers: admin })).json().properties;
    if (listed.every((p) => p.backfilled)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(listed.map((p) => p.property).sort(), [...KEYS].sort());
  const afterwards = (await tally.app.inject({ method: 'GET', url: '/v1/properties/materialized', headers: admin })).json();
  assert.ok(!afterwards.suggestions.some((p: { property: string }) => KEYS.includes(p.property)), 'a materialized property is no longer suggested');
  assert.ok(listed.every((p) => p.backfilled), 'the backfill finishes');
  const written = await tally.store.query<{ column: string }>(
    "SELECT DISTINCT column FROM system.parts_columns WHERE database = currentDatabase() AND table = 'events' AND active AND startsWith(column, 'mp_')",
  );
  assert.equal(written.length, KEYS.length, 'every column is written in the stored parts');
  await checkAll('column, backfilled');

  // events written since compute their columns as they are inserted
  await ingest(eventsOf(20));
  await checkAll('column, new events');
  const raw = await tally.store.query<{ v: string | null }>(`SELECT ${propertyColumnName('nul')} AS v FROM events WHERE app_id = {app:String} ORDER BY timestamp`, { app: APP });
  assert.deepEqual(
    raw.map((r) => r.v),
    stored.map((e) => ('nul' in e.properties ? propertyText(e, 'nul') : null)),
    'NULL where absent, the text where present',
  );

  // a new process knows the columns from the schema
  const fresh = new PropertyColumns();
  await fresh.refresh(tally.store);
  assert.deepEqual(fresh.list(), tally.store.propertyColumns.list());

  // anonymising rewrites events: the columns follow the rewritten properties
  await anonymize(tally, 'u1');
  const [mismatch] = await tally.store.query<{ n: number }>(
    `SELECT countIf(ifNull(${propertyColumnName('s')}, '') != JSONExtractString(properties, 's') AND JSONType(properties, 's') = 'String') AS n FROM events WHERE app_id = {app:String}`,
    { app: APP },
  );
  assert.equal(mismatch.n, 0);

  // dropping: answers unchanged, the column gone
  const afterAnon = await answers();
  const drop = await tally.app.inject({ method: 'DELETE', url: `/v1/properties/materialized/${encodeURIComponent(ODD_KEY)}`, headers: admin });
  assert.equal(drop.statusCode, 200, drop.body);
  assert.equal(tally.store.propertyColumns.columnOf(ODD_KEY), undefined);
  const [left] = await tally.store.query<{ n: number }>("SELECT count() AS n FROM system.columns WHERE database = currentDatabase() AND table = 'events' AND name = {c:String}", { c: propertyColumnName(ODD_KEY) });
  assert.equal(left.n, 0);
  const missing = await tally.app.inject({ method: 'DELETE', url: `/v1/properties/materialized/${encodeURIComponent(ODD_KEY)}`, headers: admin });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'TALLY_ERR_NOT_FOUND');
  await anonymize(tally, 'u2');
  stored.splice(0, stored.length, ...(await storedNow(tally)));
  await checkAll('after a drop and another anonymisation');
  assert.ok((afterAnon.breakdown.series as unknown[]).length > 0);
});

test('the answers of breakdowns, experiments and reports do not change when their properties are materialized', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, APP);
  const receipt = await tally.ingest.ingest([...eventsOf(0), ...eventsOf(7), ...eventsOf(14)].map((e) => ({ app_id: APP, ...e })), {});
  assert.equal(receipt.rejected.length, 0);
  const range = { app_id: APP, from: '2026-08-31T00:00:00.000Z', to: '2026-09-03T00:00:00.000Z' };
  const answers = async () => ({
    breakdown: await insight(tally, readKey, 'trends', { ...range, interval: 'day', series: [{ event: 'view', math: 'count' }, { event: 'view', math: 'unique_users' }], breakdown: { property: 's', limit: 3 } }),
    filtered: await insight(tally, readKey, 'trends', { ...range, interval: 'hour', series: [{ event: 'view', math: 'count', filters: [{ property: 'num', op: 'gte', value: 5 }] }] }),
    experiment: await insight(tally, readKey, 'experiments', { ...range, variant_property: 's', goal: { event: 'purchase' } }),
    // no value of numstr could be a JSON null, object or array: the column alone answers
    plainVariants: await insight(tally, readKey, 'experiments', { ...range, variant_property: 'numstr', goal: { event: 'purchase' } }),
    report: (await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(readKey), payload: { template: 'top_content', ...range, property: 'num' } })).json(),
  });
  const before = await answers();
  assert.ok((before.plainVariants.variants as unknown[]).length >= 3);
  for (const property of ['s', 'num', 'numstr']) {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/properties/materialized', headers: bearer(ADMIN_TOKEN), payload: { property } });
    assert.equal(res.statusCode, 201);
  }
  assert.deepEqual(stripTimes(await answers()), stripTimes(before));
});

test('the store keeps a bounded number of materialized properties', async (t) => {
  const tally = await startTestTally(t);
  await createApp(tally, 'limits');
  const admin = bearer(ADMIN_TOKEN);
  const post = (property: string) => tally.app.inject({ method: 'POST', url: '/v1/properties/materialized', headers: admin, payload: { property } });
  for (let i = 0; i < 32; i++) assert.equal((await post(`p${i}`)).statusCode, 201);
  // with no events, every column is LowCardinality; the first MAX_HOURLY_COUNTS get hourly counts
  const [table] = await tally.store.query<{ ddl: string }>("SELECT create_table_query AS ddl FROM system.tables WHERE database = currentDatabase() AND name = 'events'");
  assert.equal(table.ddl.match(/PROJECTION mp_\w+_hourly/g)?.length, MAX_HOURLY_COUNTS);
  assert.equal(tally.store.propertyColumns.list().filter((c) => c.hourlyCounts).length, MAX_HOURLY_COUNTS);
  const over = await post('one_more');
  assert.equal(over.statusCode, 409);
  assert.equal(over.json().error.code, 'TALLY_ERR_PROPERTY_COLUMN_LIMIT');
  assert.equal((await post('')).statusCode, 400);
  assert.equal((await post('k'.repeat(129))).statusCode, 400);
  // an event still stores with 32 columns computed from it
  const receipt = await tally.ingest.ingest([{ app_id: 'limits', event_name: 'e', user_id: 'u', timestamp: '2026-09-01T00:00:00.000Z', properties: { p3: 'x' } }], {});
  assert.equal(receipt.accepted, 1);
});

test('on a store other processes share, a dropped property is retired first and its column removed only after every process read the schema again', async (t) => {
  const tally = await startTestTally(t);
  await createApp(tally, APP);
  await tally.ingest.ingest(eventsOf(0).map((e) => ({ app_id: APP, ...e })), {});
  // the same engine, seen as a server store would be (where other processes may hold the column in their registry)
  const shared: StoreConnection = { ...tally.store, kind: 'server' };
  const other = new PropertyColumns(); // another process's registry
  const columnExists = async () =>
    (await tally.store.query<{ n: number }>("SELECT count() AS n FROM system.columns WHERE database = currentDatabase() AND table = 'events' AND name = {c:String}", { c: propertyColumnName('s') }))[0].n === 1;

  await materializeProperty(shared, 's');
  await other.refresh(tally.store);
  assert.equal(other.columnOf('s'), propertyColumnName('s'));

  await dropMaterializedProperty(shared, 's');
  assert.equal(shared.propertyColumns.columnOf('s'), undefined, 'this process reads the JSON again at once');
  assert.ok(await columnExists(), 'the column stays while another process may still read it');
  await other.refresh(tally.store);
  assert.equal(other.columnOf('s'), undefined, 'the next refresh of another process leaves it');

  // taken back before it is removed: the same column, known again
  const again = await materializeProperty(shared, 's');
  assert.equal(again.created, true);
  assert.equal(shared.propertyColumns.columnOf('s'), propertyColumnName('s'));
  await dropMaterializedProperty(shared, 's');

  await refreshPropertyColumns(shared);
  assert.ok(await columnExists(), 'not removed within two refresh intervals');
  await refreshPropertyColumns(shared, Date.now() + 2 * PROPERTY_COLUMNS_REFRESH_MS + 1000);
  assert.ok(!(await columnExists()), 'removed once every process has read the schema again');
});

type TestTally = Awaited<ReturnType<typeof startTestTally>>;

async function insight(tally: TestTally, key: string, kind: 'trends' | 'experiments', body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await tally.app.inject({ method: 'POST', url: `/v1/insights/${kind}`, headers: bearer(key), payload: body });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function anonymize(tally: TestTally, userId: string): Promise<void> {
  const res = await tally.app.inject({ method: 'POST', url: `/v1/users/${userId}/anonymize`, headers: bearer(ADMIN_TOKEN), payload: { app_id: APP } });
  assert.equal(res.statusCode, 202, res.body);
  const { erasure_id } = res.json() as { erasure_id: string };
  await tally.trust.erasures.wait(erasure_id);
  const done = await tally.app.inject({ method: 'GET', url: `/v1/erasures/${erasure_id}`, headers: bearer(ADMIN_TOKEN) });
  assert.equal(done.json().status, 'complete', done.body);
}

async function storedNow(tally: TestTally): Promise<RefEvent[]> {
  const rows = await tally.store.query<{ properties: string }>('SELECT properties FROM events WHERE app_id = {app:String}', { app: APP });
  return rows.map((r) => ({ event_name: '', user_id: '', timestamp: '', properties: JSON.parse(r.properties) }) as RefEvent);
}

/** answers without the times they were computed at */
function stripTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === 'calculated_at' || k === 'computed_at' || k === 'generated_at' ? undefined : v)));
}
