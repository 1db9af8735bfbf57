// Summaries of the query benchmark: p50/p95 per way of asking, the ratios DESIGN.md sets targets
// for (API overhead over the raw engine ≤ 1.15, Postgres ≥ 10× slower than the API, trends p50
// < 50 ms, funnels/retention p50 < 200 ms), a fixed-width table and the JSON form.

import { percentile } from '../lib/events.ts';

export const API_OVERHEAD_TARGET = 1.15;
export const POSTGRES_SPEEDUP_TARGET = 10;
/** the performance issue's goal: each question's API p50 within 1.5× of the engine-best SQL */
export const ENGINE_BEST_TARGET = 1.5;

export interface Distribution {
  readonly runs: number;
  readonly p50: number;
  readonly p95: number;
}

export interface QuestionResult {
  readonly id: string;
  readonly title: string;
  /** why the question was not measured (e.g. its route does not exist yet) */
  readonly skipped?: string;
  /** statements one API call ran on the engine */
  readonly statements?: number;
  readonly api?: Distribution;
  /** the same question answered from the answer cache (a dashboard refreshing) */
  readonly cached?: Distribution;
  readonly raw?: Distribution;
  /** the hand-written engine-best SQL for the same answer (engine-best.ts) */
  readonly engineBest?: Distribution;
  readonly postgres?: Distribution;
  readonly targetP50Ms?: number;
  /** undefined when Postgres was not run */
  readonly answersAgree?: boolean;
  readonly disagreements?: readonly string[];
  /** undefined when the question has no engine-best reference */
  readonly engineAgrees?: boolean;
  readonly engineDisagreements?: readonly string[];
  readonly tallyChecks?: Readonly<Record<string, number | string>>;
}

export function distribution(samplesMs: readonly number[]): Distribution | undefined {
  if (samplesMs.length === 0) return undefined;
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { runs: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
}

function round(ms: number): number {
  return ms >= 100 ? Math.round(ms) : Math.round(ms * 100) / 100;
}

export function ratios(r: QuestionResult) {
  const apiOverRaw = r.api && r.raw ? r.api.p50 / r.raw.p50 : undefined;
  const pgOverApi = r.api && r.postgres ? r.postgres.p50 / r.api.p50 : undefined;
  const apiOverBest = r.api && r.engineBest ? r.api.p50 / r.engineBest.p50 : undefined;
  return {
    api_over_engine_best_p50: apiOverBest === undefined ? null : Number(apiOverBest.toFixed(2)),
    api_within_1_5x_engine_best: apiOverBest === undefined ? null : apiOverBest <= ENGINE_BEST_TARGET,
    api_over_raw_p50: apiOverRaw === undefined ? null : Number(apiOverRaw.toFixed(3)),
    api_overhead_met: apiOverRaw === undefined ? null : apiOverRaw <= API_OVERHEAD_TARGET,
    postgres_over_api_p50: pgOverApi === undefined ? null : Number(pgOverApi.toFixed(1)),
    postgres_speedup_met: pgOverApi === undefined ? null : pgOverApi >= POSTGRES_SPEEDUP_TARGET,
    p50_target_ms: r.targetP50Ms ?? null,
    p50_target_met: r.targetP50Ms === undefined || !r.api ? null : r.api.p50 < r.targetP50Ms,
  };
}

const mark = (met: boolean | null) => (met === null ? '' : met ? ' met' : ' NOT met');
const pair = (d: Distribution | undefined) => (d ? `${fmt(d.p50)} / ${fmt(d.p95)}` : '—');
function fmt(ms: number): string {
  return ms >= 100 ? String(Math.round(ms)) : ms.toFixed(1);
}

export function table(results: readonly QuestionResult[]): string {
  const head = ['question', 'stmts', 'API p50/p95 ms', 'cached p50', 'raw p50/p95 ms', 'best p50/p95 ms', 'Postgres p50/p95 ms', 'api/raw (≤1.15)', 'api/best (≤1.5)', 'pg/api (≥10)', 'p50 target', 'answers'];
  const lines = results.map((r) => {
    if (r.skipped) return [r.id, '', '', '', '', '', '', '', '', '', '', `skipped: ${r.skipped}`];
    const x = ratios(r);
    return [
      r.id,
      String(r.statements ?? ''),
      pair(r.api),
      r.cached ? fmt(r.cached.p50) : '—',
      pair(r.raw),
      pair(r.engineBest),
      pair(r.postgres),
      x.api_over_raw_p50 === null ? '—' : `${x.api_over_raw_p50.toFixed(2)}${mark(x.api_overhead_met)}`,
      x.api_over_engine_best_p50 === null ? '—' : `${x.api_over_engine_best_p50.toFixed(2)}${mark(x.api_within_1_5x_engine_best)}`,
      x.postgres_over_api_p50 === null ? '—' : `${x.postgres_over_api_p50}${mark(x.postgres_speedup_met)}`,
      x.p50_target_ms === null ? '—' : `<${x.p50_target_ms}${mark(x.p50_target_met)}`,
      [r.answersAgree === undefined ? '' : r.answersAgree ? 'pg agree' : 'pg DIFFER', r.engineAgrees === undefined ? '' : r.engineAgrees ? 'best agree' : 'best DIFFER'].filter(Boolean).join(', ') || '—',
    ];
  });
  const rows = [head, ...lines];
  const widths = head.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export function summary(results: readonly QuestionResult[]) {
  const measured = results.filter((r) => !r.skipped);
  const all = (key: 'api_overhead_met' | 'postgres_speedup_met' | 'p50_target_met' | 'api_within_1_5x_engine_best') => {
    const values = measured.map((r) => ratios(r)[key]).filter((v): v is boolean => v !== null);
    return values.length === 0 ? null : values.every(Boolean);
  };
  return {
    questions: results.map((r) => (r.skipped ? { id: r.id, title: r.title, skipped: r.skipped } : { id: r.id, title: r.title, statements: r.statements, api_ms: r.api, cached_ms: r.cached ?? null, raw_ms: r.raw, engine_best_ms: r.engineBest ?? null, postgres_ms: r.postgres ?? null, ...ratios(r), answers_agree: r.answersAgree ?? null, disagreements: r.disagreements ?? [], engine_best_agrees: r.engineAgrees ?? null, engine_best_disagreements: r.engineDisagreements ?? [], checks: r.tallyChecks })),
    targets: {
      api_overhead_le_1_15: all('api_overhead_met'),
      postgres_speedup_ge_10: all('postgres_speedup_met'),
      design_p50_targets: all('p50_target_met'),
      api_within_1_5x_engine_best: all('api_within_1_5x_engine_best'),
    },
  };
}
