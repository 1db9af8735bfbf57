// Runs experiment analyses (analyzeExperiment) on worker threads, so a large one never blocks the
// event loop that acknowledges ingest and answers other tenants. It owns the workers: at most
// `workers` threads, each started on first need and running one analysis at a time; a bounded
// queue in front of them (full: 503 TALLY_ERR_ANALYSIS_BUSY with Retry-After); a time limit per
// analysis (exceeded: the worker is terminated — the only way to stop a synchronous computation —
// and the request answers 503 TALLY_ERR_ANALYSIS_TIMEOUT). It never runs an analysis on the
// calling thread. close() terminates the workers and refuses what is queued; an idle worker does
// not keep the process alive.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { TallyError } from '../../errors.ts';
import type { AnalysisAnswerMessage, AnalysisTaskMessage } from './analysis-worker.ts';
import type { AnalysisOptions, ExperimentAnalysis, VariantSummary } from './experiment-analysis.ts';

export interface AnalysisPoolOptions {
  /** worker threads, each started on first need (default: 1 on a machine with 2 cores or fewer, else 2) */
  readonly workers?: number;
  /** analyses waiting for a free worker before new ones are refused (default 8) */
  readonly maxQueued?: number;
  /** ms one analysis may run on its worker before the worker is terminated (default 10_000) */
  readonly taskTimeoutMs?: number;
  /** seconds a refused client is told to wait (default 1) */
  readonly retryAfterSeconds?: number;
  /** heap limit of each worker, MB (default 128) */
  readonly workerHeapMb?: number;
}

export interface AnalysisPool {
  analyze(summaries: readonly VariantSummary[], options: AnalysisOptions): Promise<ExperimentAnalysis>;
  /** terminates the workers; queued analyses fail with TALLY_ERR_ANALYSIS_CLOSED. Idempotent. */
  close(): Promise<void>;
  /** the current state, for tests and metrics */
  stats(): { workers: number; running: number; queued: number };
}

interface Task {
  readonly message: AnalysisTaskMessage;
  resolve(analysis: ExperimentAnalysis): void;
  reject(err: Error): void;
}

interface Slot {
  readonly worker: Worker;
  task?: Task;
  timer?: NodeJS.Timeout;
}

const WORKER_URL = new URL('./analysis-worker.ts', import.meta.url);

export function createAnalysisPool(o: AnalysisPoolOptions = {}): AnalysisPool {
  const size = Math.max(1, o.workers ?? (availableParallelism() > 2 ? 2 : 1));
  const maxQueued = o.maxQueued ?? 8;
  const taskTimeoutMs = o.taskTimeoutMs ?? 10_000;
  const retryAfterSeconds = o.retryAfterSeconds ?? 1;
  const workerHeapMb = o.workerHeapMb ?? 128;
  const slots: Slot[] = [];
  const queue: Task[] = [];
  let closing: Promise<void> | undefined;

  /** the slot's task is over: detach it, and let the worker stop holding the process open */
  function release(slot: Slot): Task | undefined {
    const task = slot.task;
    clearTimeout(slot.timer);
    slot.task = undefined;
    slot.timer = undefined;
    slot.worker.unref();
    return task;
  }

  /** the worker is gone (crash, timeout, close): forget it and fail what it was running */
  function retire(slot: Slot, err: Error): void {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    release(slot)?.reject(err);
    pump();
  }

  function spawn(): Slot {
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: workerHeapMb } });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (answer: AnalysisAnswerMessage) => {
      const task = release(slot);
      if (task) {
        if (answer.ok) task.resolve(answer.analysis);
        else task.reject(new TallyError('TALLY_ERR_INTERNAL', [], { cause: new Error(answer.message) }));
      }
      pump();
    });
    worker.on('error', (err) => retire(slot, new TallyError('TALLY_ERR_INTERNAL', [], { cause: err })));
    worker.on('exit', (code) => retire(slot, new TallyError('TALLY_ERR_INTERNAL', [], { cause: new Error(`analysis worker exited with code ${code}`) })));
    slots.push(slot);
    return slot;
  }

  function start(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      retire(slot, new TallyError('TALLY_ERR_ANALYSIS_TIMEOUT', [taskTimeoutMs, retryAfterSeconds], { retryAfterSeconds }));
      void slot.worker.terminate();
    }, taskTimeoutMs);
    slot.worker.postMessage(task.message);
  }

  function pump(): void {
    while (!closing && queue.length > 0) {
      const slot = slots.find((s) => !s.task) ?? (slots.length < size ? spawn() : undefined);
      if (!slot) return;
      start(slot, queue.shift() as Task);
    }
  }

  return {
    analyze(summaries, options) {
      if (closing) return Promise.reject(new TallyError('TALLY_ERR_ANALYSIS_CLOSED', [], { retryAfterSeconds }));
      const idle = slots.some((s) => !s.task) || slots.length < size;
      if (!idle && queue.length >= maxQueued) return Promise.reject(new TallyError('TALLY_ERR_ANALYSIS_BUSY', [retryAfterSeconds], { retryAfterSeconds }));
      return new Promise<ExperimentAnalysis>((resolve, reject) => {
        queue.push({ message: { summaries, options }, resolve, reject });
        pump();
      });
    },
    close() {
      closing ??= (async () => {
        const refused = () => new TallyError('TALLY_ERR_ANALYSIS_CLOSED', [], { retryAfterSeconds });
        for (const task of queue.splice(0)) task.reject(refused());
        for (const slot of slots) release(slot)?.reject(refused());
        await Promise.all([...slots].map((s) => s.worker.terminate()));
      })();
      return closing;
    },
    stats: () => ({ workers: slots.length, running: slots.filter((s) => s.task).length, queued: queue.length }),
  };
}
