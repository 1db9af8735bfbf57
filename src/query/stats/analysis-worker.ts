// The worker thread behind analysis-pool.ts: receives one experiment's summaries and options,
// answers its analysis. Loaded as TypeScript (Node's type stripping), one task at a time; holds no
// state between tasks and never touches the store, the network or the environment.

import { parentPort } from 'node:worker_threads';
import { analyzeExperiment, type AnalysisOptions, type VariantSummary } from './experiment-analysis.ts';

export interface AnalysisTaskMessage {
  readonly summaries: readonly VariantSummary[];
  readonly options: AnalysisOptions;
}

export type AnalysisAnswerMessage = { readonly ok: true; readonly analysis: ReturnType<typeof analyzeExperiment> } | { readonly ok: false; readonly message: string };

parentPort?.on('message', (task: AnalysisTaskMessage) => {
  let answer: AnalysisAnswerMessage;
  try {
    answer = { ok: true, analysis: analyzeExperiment(task.summaries, task.options) };
  } catch (err) {
    answer = { ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort?.postMessage(answer);
});
