// Learner benchmark (seed 002's targets): a study history of 10M events for 20k learners and a
// curriculum of 500 topics is loaded into a real Tally (the materialized views keep the real-time
// tables as the rows go in); the nightly jobs are run and timed for every learner (daily stats for
// each day, mastery, gaps); then each learner view is asked through the HTTP API (real socket,
// keep-alive, a different learner each time) and as the exact SQL that call ran, replayed raw on
// the engine. Prints p50/p95 per view against the seed's target; JSON on stdout, progress on stderr.
//
//   node bench/learning/run.ts [--events 10000000] [--learners 20000] [--topics 500] [--days 60] [--runs 30] [--batch 100000] [--no-merge]

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config/index.ts';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { startTally, type Tally } from '../../src/service.ts';
import { distribution } from '../query/report.ts';
import { createStoreRecorder, replay } from '../lib/recorder.ts';
import { benchTopics, studyEvents } from './dataset.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    learners: { type: 'string', default: '20000' },
    topics: { type: 'string', default: '500' },
    days: { type: 'string', default: '60' },
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    batch: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '2002' },
    'no-merge': { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const LEARNERS = Number(values.learners);
const TOPICS = Number(values.topics);
const DAYS = Number(values.days);
const RUNS = Number(values.runs);
const WARMUP = Number(values.warmup);
const APP = 'bench';
const TOKEN = 'bench-admin-token-0123456789abcdef';
/** the history ends here (fixed, so runs are comparable) */
const END_MS = Date.parse('2026-11-02T00:00:00.000Z');
const DAY = 86_400_000;

const log = (line: string) => process.stderr.write(`${line}\n`);

interface View {
  readonly id: string;
  readonly title: string;
  readonly targetP50Ms: number;
  readonly url: (user: string) => string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const lastDay = iso(END_MS - DAY).slice(0, 10);
const VIEWS: View[] = [
  { id: 'dashboard', title: 'learner dashboard (30-day overview + 90 daily rows)', targetP50Ms: 10, url: (u) => `/v1/learning/users/${u}/dashboard?app_id=${APP}` },
  { id: 'heatmap', title: 'activity heatmap, 90 days', targetP50Ms: 50, url: (u) => `/v1/learning/users/${u}/heatmap?app_id=${APP}&date=${lastDay}&days=90` },
  { id: 'sessions', title: 'recent study sessions, 30 days', targetP50Ms: 50, url: (u) => `/v1/learning/users/${u}/sessions?app_id=${APP}&days=30&at=${iso(END_MS)}` },
  { id: 'mastery', title: 'topic mastery with topics', targetP50Ms: 100, url: (u) => `/v1/learning/users/${u}/mastery?app_id=${APP}` },
  { id: 'gaps', title: 'knowledge gaps (ranked)', targetP50Ms: 50, url: (u) => `/v1/learning/users/${u}/gaps?app_id=${APP}` },
  { id: 'question_history', title: 'question history (spaced repetition)', targetP50Ms: 20, url: (u) => `/v1/learning/users/${u}/questions/t0-q1/history?app_id=${APP}` },
  { id: 'reviews_due', title: 'reviews due', targetP50Ms: 50, url: (u) => `/v1/learning/users/${u}/reviews/due?app_id=${APP}&at=${iso(END_MS)}` },
  { id: 'materials', title: 'material reading progress', targetP50Ms: 50, url: (u) => `/v1/learning/users/${u}/materials/progress?app_id=${APP}` },
  { id: 'first_attempt_accuracy', title: 'first-attempt accuracy by topic (app, 30 days)', targetP50Ms: 100, url: () => `/v1/learning/first-attempt-accuracy?app_id=${APP}&from=${iso(END_MS - 30 * DAY)}&to=${iso(END_MS)}` },
  { id: 'topic_performance', title: 'topic performance over time (app, one topic, 60 days)', targetP50Ms: 50, url: () => `/v1/learning/topics/performance?app_id=${APP}&from=${iso(END_MS - 60 * DAY)}&to=${iso(END_MS)}&topic_id=t3` },
];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function load(tally: Tally, batch: number): Promise<{ events: number; seconds: number }> {
  const pipeline = createIngestPipeline();
  const t0 = performance.now();
  let rows: string[] = [];
  let n = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    const body = Buffer.from(`${rows.join('\n')}\n`);
    rows = [];
    await inFlight;
    inFlight = tally.store.insertJsonEachRow('events', body);
  };
  for (const e of studyEvents({ appId: APP, events: EVENTS, learners: LEARNERS, topics: TOPICS, days: DAYS, endMs: END_MS, seed: Number(values.seed) })) {
    const r = pipeline(e, { receivedAtMs: END_MS });
    if (!r.ok) throw new Error(`generated event rejected: ${r.code} ${r.message}`);
    rows.push(r.event.row);
    if (++n % batch === 0) {
      await flush();
      if (n % (batch * 10) === 0) log(`load: ${n} events, ${Math.round(n / ((performance.now() - t0) / 1000))} events/s`);
    }
  }
  if (rows.length) await flush();
  await inFlight;
  return { events: n, seconds: (performance.now() - t0) / 1000 };
}

async function runJob(tally: Tally, job: string, scheduledMs: number): Promise<{ seconds: number; summary: Record<string, unknown> }> {
  const t0 = performance.now();
  const run = await tally.jobs.scheduler.enqueue(job, { appId: APP, parameters: {} }, { scheduledMs, trigger: 'backfill' });
  const done = await tally.jobs.scheduler.finished(run.runId);
  if (done.status === 'failed') throw new Error(`${job}: ${done.error}`);
  return { seconds: (performance.now() - t0) / 1000, summary: { ...done.summary, status: done.status } };
}

async function main() {
  const loadStart = os.loadavg();
  log(`bench/learning: ${EVENTS} study events, ${LEARNERS} learners, ${TOPICS} topics, ${DAYS} days, ${RUNS} runs (+${WARMUP} warm-up); ${os.cpus().length} cores, load ${loadStart.map((l) => l.toFixed(2)).join(' ')}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tally-bench-learning-'));
  const recorder = createStoreRecorder();
  let tally: Tally | undefined;
  try {
    const config = loadConfig({
      TALLY_DATA_DIR: dataDir, TALLY_PORT: '0', TALLY_METRICS_PORT: '0', TALLY_ADMIN_TOKEN: TOKEN,
      TALLY_FSYNC: 'false', TALLY_LOG_LEVEL: 'warn', TALLY_RATE_LIMIT_READ: '0', TALLY_RETENTION_DEFAULT: 'forever', TALLY_RETENTION: '',
    });
    tally = await startTally(config, { listen: true, wrapStore: (conn) => recorder.wrap(conn) });
    const baseUrl = `http://127.0.0.1:${tally.port}`;
    const admin = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const created = await fetch(`${baseUrl}/v1/apps`, { method: 'POST', headers: admin, body: JSON.stringify({ app_id: APP }) });
    if (created.status !== 201) throw new Error(`create app: ${created.status} ${await created.text()}`);
    const { read_key: readKey } = (await created.json()) as { read_key: string };
    const put = await fetch(`${baseUrl}/v1/learning/topics`, { method: 'PUT', headers: admin, body: JSON.stringify({ app_id: APP, topics: benchTopics(TOPICS, Number(values.seed)) }) });
    if (put.status !== 200) throw new Error(`topics: ${put.status} ${await put.text()}`);

    const loaded = await load(tally, Number(values.batch));
    log(`load: ${loaded.events} events in ${loaded.seconds.toFixed(1)} s (${Math.round(loaded.events / loaded.seconds)} events/s, materialized views included)`);
    const tOpt = performance.now();
    for (const table of ['events', 'question_attempts', 'study_sessions', 'material_interactions']) await tally.store.command(`OPTIMIZE TABLE ${table} FINAL`);
    log(`merge: ${((performance.now() - tOpt) / 1000).toFixed(1)} s`);
    const [counts] = await tally.store.query<{ attempts: number; sessions: number; learners: number }>(
      `SELECT (SELECT count() FROM question_attempts) AS attempts, (SELECT count() FROM study_sessions) AS sessions, (SELECT uniqExact(user_id) FROM question_attempts) AS learners`,
    );

    // the nightly work, timed: daily stats for every day of the history, then mastery and gaps for every learner
    const daily: number[] = [];
    for (let d = DAYS - 1; d >= 0; d--) daily.push((await runJob(tally, 'learning_daily_stats', END_MS - d * DAY + 5 * 60_000)).seconds);
    const lastDaily = await runJob(tally, 'learning_daily_stats', END_MS + 5 * 60_000);
    log(`learning_daily_stats: ${DAYS} days, mean ${(daily.reduce((a, b) => a + b, 0) / daily.length).toFixed(2)} s per day; the last day ${lastDaily.seconds.toFixed(1)} s ${JSON.stringify(lastDaily.summary)}`);
    const mastery = await runJob(tally, 'learning_mastery', END_MS);
    log(`learning_mastery: ${mastery.seconds.toFixed(1)} s ${JSON.stringify(mastery.summary)}`);
    const gaps = await runJob(tally, 'learning_gaps', END_MS + 90 * 60_000);
    log(`learning_gaps: ${gaps.seconds.toFixed(1)} s ${JSON.stringify(gaps.summary)}`);
    // the jobs' many small inserts (one per chunk and day) leave many parts and row versions; the
    // engine merges them in the background within minutes of a nightly run — done here at once, timed
    const tMerge = performance.now();
    const derived = ['daily_user_stats', 'user_learning_metrics', 'topic_daily_stats', 'topic_mastery', 'review_schedule', 'knowledge_gaps'];
    const parts = await tally.store.query<{ table: string; parts: number }>(
      'SELECT table, count() AS parts FROM system.parts WHERE database = currentDatabase() AND active AND table IN {t:Array(String)} GROUP BY table ORDER BY table',
      { t: derived },
    );
    if (!values['no-merge']) for (const table of derived) await tally.store.command(`OPTIMIZE TABLE ${table} FINAL`);
    const mergeSeconds = (performance.now() - tMerge) / 1000;
    log(`derived tables: parts before merging ${JSON.stringify(Object.fromEntries(parts.map((p) => [p.table, p.parts])))}; ${values['no-merge'] ? 'not merged (--no-merge)' : `merged in ${mergeSeconds.toFixed(1)} s`}`);

    const results = [];
    let learner = 0;
    const nextLearner = () => `learner-${(learner = (learner + 7919) % LEARNERS)}`;
    for (const v of VIEWS) {
      const probeUser = nextLearner();
      recorder.start();
      const probe = await fetch(`${baseUrl}${v.url(probeUser)}`, { headers: { authorization: `Bearer ${readKey}` } });
      const probeText = await probe.text();
      const statements = recorder.stop();
      if (probe.status !== 200) throw new Error(`${v.id}: ${probe.status} ${probeText.slice(0, 200)}`);
      const api: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const url = v.url(nextLearner());
        const a = await timed(async () => {
          const res = await fetch(`${baseUrl}${url}`, { headers: { authorization: `Bearer ${readKey}` } });
          if (res.status !== 200) throw new Error(`${v.id}: ${res.status}`);
          await res.text();
        });
        const b = await timed(() => replay(tally?.store as Tally['store'], statements));
        if (i < WARMUP) continue;
        api.push(a);
        raw.push(b);
      }
      const r = { id: v.id, title: v.title, targetP50Ms: v.targetP50Ms, statements: statements.length, api: distribution(api), raw: distribution(raw), answerBytes: probeText.length };
      log(`${v.id}: API p50 ${r.api?.p50} ms p95 ${r.api?.p95} ms, raw p50 ${r.raw?.p50} ms (target p50 < ${v.targetP50Ms} ms)`);
      results.push({ ...r, meetsTarget: (r.api?.p50 ?? Infinity) < v.targetP50Ms });
    }

    log('\nview                     API p50   API p95   raw p50   target');
    for (const r of results) log(`${r.id.padEnd(24)} ${String(r.api?.p50).padStart(7)}   ${String(r.api?.p95).padStart(7)}   ${String(r.raw?.p50).padStart(7)}   < ${r.targetP50Ms} ms ${r.meetsTarget ? 'ok' : 'MISSED'}`);
    process.stdout.write(
      `${JSON.stringify(
        {
          events: loaded.events,
          learners: LEARNERS,
          topics: TOPICS,
          days: DAYS,
          cores: os.cpus().length,
          loadavg: { start: loadStart, end: os.loadavg() },
          load: { seconds: loaded.seconds, eventsPerSecond: Math.round(loaded.events / loaded.seconds) },
          tables: counts,
          jobs: { dailyStatsMeanSeconds: daily.reduce((a, b) => a + b, 0) / daily.length, dailyStatsLastDay: lastDaily, mastery, gaps },
          derivedParts: Object.fromEntries(parts.map((p) => [p.table, p.parts])),
          merged: !values['no-merge'],
          views: results,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await tally?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  log(String(err?.stack ?? err));
  process.exit(1);
});
