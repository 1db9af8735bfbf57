// The profile cache ingest enriches events from, over the real profile store: one query per batch
// for the misses, known-absent users cached too, bounded in entries, reloaded after its TTL, and
// an identify during a load never leaves the stale answer behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProfileCache, createProfileStore, factsAt, factVersion, mergeTraits, traitsProblem } from '../../src/people/index.ts';
import { startTestTally } from '../helpers/tally.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;

test('facts at a time: versions up to it, the first one before any; tenure in whole days from created_at', () => {
  const versions = [factVersion(T0, { role: 'client', created_at: '2026-01-01T00:00:00Z' }), factVersion(T0 + 10 * DAY, { role: 'agency' }), factVersion(T0 + 20 * DAY, { role: null })];
  assert.deepEqual(factsAt(versions, T0 - DAY), { role: 'client', tenureDays: null });
  assert.deepEqual(factsAt(versions, T0 + 9.9 * DAY), { role: 'client', tenureDays: 9 });
  assert.deepEqual(factsAt(versions, T0 + 10 * DAY), { role: 'agency', tenureDays: 10 });
  assert.deepEqual(factsAt(versions, T0 + 25 * DAY), { role: '', tenureDays: 25 });
  assert.equal(factsAt([], T0), null);
  assert.deepEqual(mergeTraits([{ atMs: 2, traits: { a: 2, b: null } }, { atMs: 1, traits: { a: 1, b: 1, c: 1 } }]), { a: 2, c: 1 });
  assert.deepEqual(mergeTraits([{ atMs: 2, traits: { a: 2 } }, { atMs: 1, traits: { a: 1 } }], 1), { a: 1 });
  for (const bad of [null, [], 'x', { role: 1 }, { created_at: 'soon' }, { '': 1 }, { a: Number.NaN }]) assert.ok(traitsProblem(bad), JSON.stringify(bad));
  assert.equal(traitsProblem({ role: 'x', created_at: 1767225600000, tags: ['a'], nested: { ok: true } }), undefined);
});

test('the cache: one query per batch of misses, absent users cached, bounded, TTL, identify during a load', async (t) => {
  const tally = await startTestTally(t);
  const profiles = createProfileStore(tally.store);
  let queries = 0;
  let hold: Promise<void> | undefined;
  const counting = {
    async factTimelines(appId: string, users: readonly string[]) {
      queries++;
      const answer = await profiles.factTimelines(appId, users);
      if (hold) await hold;
      return answer;
    },
  };
  let clock = T0;
  const cache = createProfileCache({ profiles: counting, maxEntries: 3, ttlMs: 1000, now: () => clock });
  await profiles.identify('shop', 'a', { role: 'client' }, T0, T0);
  await profiles.identify('shop', 'b', { role: 'agency', created_at: T0 - 2 * DAY }, T0, T0);

  const snap = await cache.load([['shop', 'a'], ['shop', 'b'], ['shop', 'nobody']]);
  assert.equal(queries, 1, 'one query for the misses of a batch');
  assert.deepEqual(snap.at('shop', 'a', T0), { role: 'client', tenureDays: null });
  assert.deepEqual(snap.at('shop', 'b', T0 + DAY), { role: 'agency', tenureDays: 3 });
  assert.equal(snap.at('shop', 'nobody', T0), null, 'known to have no profile');
  assert.equal(snap.at('shop', 'unasked', T0), undefined);
  await cache.load([['shop', 'a'], ['shop', 'nobody']]);
  assert.equal(queries, 1, 'hits, the absent user included, need no query');
  assert.deepEqual(cache.at('shop', 'a', T0), { role: 'client', tenureDays: null });

  // bounded: a fourth user pushes out the least recently used
  await cache.load([['shop', 'c']]);
  assert.equal(cache.size, 3);
  assert.equal(cache.at('shop', 'b', T0), undefined, 'b was used least recently');

  // TTL: reloaded after it
  clock += 1001;
  assert.equal(cache.at('shop', 'a', T0), undefined);
  await cache.load([['shop', 'a']]);
  assert.equal(queries, 3);

  // an identify while a load of the same user is in flight: the stale answer is not kept
  let release!: () => void;
  hold = new Promise((r) => (release = r));
  const loading = cache.load([['shop', 'late']]);
  await new Promise((r) => setTimeout(r, 50));
  await profiles.identify('shop', 'late', { role: 'client' }, T0, T0);
  cache.invalidate('shop', 'late');
  release();
  hold = undefined;
  assert.equal((await loading).at('shop', 'late', T0), null, 'the load answered what it read');
  assert.equal(cache.at('shop', 'late', T0), undefined, 'but did not cache it');
  await cache.load([['shop', 'late']]);
  assert.deepEqual(cache.at('shop', 'late', T0), { role: 'client', tenureDays: null });

  // background loads for the sources that cannot wait (the Kafka worker's plain events)
  cache.clear();
  cache.loadInBackground('shop', 'b');
  for (let i = 0; i < 100 && cache.at('shop', 'b', T0) === undefined; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(cache.at('shop', 'b', T0), { role: 'agency', tenureDays: 2 });
});

test('an app without profiles costs no profile query; its first identify makes its users looked up', async (t) => {
  const tally = await startTestTally(t);
  const profiles = createProfileStore(tally.store);
  let queries = 0;
  const counting = {
    appsWithProfiles: () => profiles.appsWithProfiles(),
    async factTimelines(appId: string, users: readonly string[]) {
      queries++;
      return profiles.factTimelines(appId, users);
    },
  };
  const cache = createProfileCache({ profiles: counting, ttlMs: 3_600_000 });
  await profiles.identify('shop', 'a', { role: 'client' }, T0, T0);
  // unsure before the list of apps with profiles is read: every app is looked up
  assert.equal(cache.lacksProfiles('blog'), false);
  const snap = await cache.load([['blog', 'x'], ['blog', 'y'], ['shop', 'a']]);
  // then known: ingest skips blog's events (no keys to load, no lookup per event)
  assert.equal(cache.lacksProfiles('blog'), true);
  assert.equal(cache.lacksProfiles('shop'), false);
  assert.equal(queries, 1, 'only shop, which has profiles, is queried');
  assert.equal(snap.at('blog', 'x', T0), null);
  assert.deepEqual(snap.at('shop', 'a', T0), { role: 'client', tenureDays: null });
  await cache.load([['blog', 'z']]);
  assert.equal(queries, 1);
  // blog's first identify, in this process: the cache knows at once, without reloading the list
  await profiles.identify('blog', 'z', { role: 'reader' }, T0, T0);
  cache.invalidate('blog', 'z');
  assert.equal(cache.lacksProfiles('blog'), false);
  assert.deepEqual((await cache.load([['blog', 'z']])).at('blog', 'z', T0), { role: 'reader', tenureDays: null });
  assert.equal(queries, 2);
});

test('anonymous-only events are not looked up: profiles are keyed by user_id', async () => {
  const { personKeys } = await import('../../src/ingest/pipeline/enrich-person.ts');
  assert.deepEqual(personKeys([{ app_id: 'shop', user_id: 'u' }, { app_id: 'shop', anonymous_id: 'anon' }, { app_id: 'shop', user_id: 7 }, { app_id: 'shop', user_id: 'u' }, null, 'x']), [['shop', 'u'], ['shop', '7']]);
  // an app known to have no profiles gives no keys
  assert.deepEqual(personKeys([{ app_id: 'shop', user_id: 'u' }, { app_id: 'blog', user_id: 'v' }], (app) => app === 'blog'), [['shop', 'u']]);
});
