// After the demo events are loaded: the curriculum, then the learning jobs (daily stats for each
// day of the dataset, then mastery and gaps as of now), so the learner views have data. Embedded:
// through the running Tally's own parts; over HTTP: PUT /v1/learning/topics and job runs, waiting
// for each to finish.

import { createCurriculum, installLearningSchemas } from '../learning/index.ts';
import type { Tally } from '../service.ts';
import { DEMO_CURRICULUM, DEMO_LEARNING_JOBS } from './curriculum.ts';

const DAY = 86_400_000;

/** the scheduled times of the learning runs: one daily-stats run per day, then mastery and gaps */
function learningRuns(days: number, endMs: number): Array<{ job: string; scheduledMs: number }> {
  const today = Math.floor(endMs / DAY) * DAY;
  const runs = [];
  for (let d = days; d >= 0; d--) runs.push({ job: DEMO_LEARNING_JOBS.dailyStats, scheduledMs: today - d * DAY + 5 * 60_000 });
  runs.push({ job: DEMO_LEARNING_JOBS.mastery, scheduledMs: endMs }, { job: DEMO_LEARNING_JOBS.gaps, scheduledMs: endMs });
  return runs;
}

const topics = () => DEMO_CURRICULUM.map((t) => ({ topicId: t.topic_id, name: t.name, parent: '', boardExamWeight: t.board_exam_weight, prerequisites: t.prerequisites, materials: t.materials }));

export async function setUpDemoLearningEmbedded(tally: Tally, appId: string, days: number, endMs: number): Promise<number> {
  await createCurriculum(tally.store).upsert(appId, topics());
  await installLearningSchemas(tally.schemas, appId, 'admin');
  let failed = 0;
  for (const r of learningRuns(days, endMs)) {
    const run = await tally.jobs.scheduler.enqueue(r.job, { appId, parameters: {} }, { scheduledMs: r.scheduledMs, trigger: 'backfill' });
    if ((await tally.jobs.scheduler.finished(run.runId)).status === 'failed') failed++;
  }
  return failed;
}

export async function setUpDemoLearningOverHttp(baseUrl: string, adminToken: string, appId: string, days: number): Promise<number> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const put = await fetch(`${baseUrl}/v1/learning/topics`, { method: 'PUT', headers, body: JSON.stringify({ app_id: appId, topics: DEMO_CURRICULUM }) });
  if (put.status !== 200) throw new Error(`curriculum: HTTP ${put.status} ${await put.text()}`);
  const today = new Date(Math.floor(Date.now() / DAY) * DAY);
  const wait = async (job: string, runId: string): Promise<string> => {
    for (;;) {
      const res = await fetch(`${baseUrl}/v1/jobs/${job}/runs/${runId}?app_id=${encodeURIComponent(appId)}`, { headers });
      const run = (await res.json()) as { status: string };
      if (run.status !== 'queued' && run.status !== 'running') return run.status;
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const start = async (job: string, body: Record<string, unknown>): Promise<Array<{ run_id: string }>> => {
    const res = await fetch(`${baseUrl}/v1/jobs/${job}/runs`, { method: 'POST', headers, body: JSON.stringify({ app_id: appId, ...body }) });
    if (res.status !== 202) throw new Error(`${job}: HTTP ${res.status} ${await res.text()}`);
    return ((await res.json()) as { runs: Array<{ run_id: string }> }).runs;
  };
  let failed = 0;
  const from = new Date(today.getTime() - days * DAY).toISOString();
  const to = new Date(today.getTime() + DAY).toISOString();
  for (const run of await start(DEMO_LEARNING_JOBS.dailyStats, { from, to })) if ((await wait(DEMO_LEARNING_JOBS.dailyStats, run.run_id)) === 'failed') failed++;
  for (const job of [DEMO_LEARNING_JOBS.mastery, DEMO_LEARNING_JOBS.gaps]) for (const run of await start(job, {})) if ((await wait(job, run.run_id)) === 'failed') failed++;
  return failed;
}
