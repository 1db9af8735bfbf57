// Slow questions: every insight, report or listing that takes longer than TALLY_SLOW_QUERY_LOG_MS
// is logged (warn) with its analysis name and the hash of its spec, and kept here for the
// `slow_queries` pipeline rule, which fires when one took longer than TALLY_ALERTS_SLOW_QUERY_MS.
// Bounded: the most recent MAX_KEPT slow queries.

import { createHash } from 'node:crypto';
import type { Logger } from '../observability/index.ts';

export interface SlowQuery {
  readonly atMs: number;
  readonly analysis: string;
  readonly specHash: string;
  readonly durationMs: number;
}

const MAX_KEPT = 1000;

/** canonical JSON (keys sorted) of a spec, so the same question hashes the same whatever its key order */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function specHash(spec: unknown): string {
  return createHash('sha256').update(canonical(spec)).digest('hex').slice(0, 16);
}

export function createSlowQueryLog(options: { readonly logMs: number; readonly logger: Logger; readonly now?: () => number }) {
  const now = options.now ?? Date.now;
  const kept: SlowQuery[] = [];
  return {
    /** one answered question: logged and kept when slower than the log limit */
    observe(analysis: string, spec: unknown, durationMs: number): void {
      if (durationMs < options.logMs) return;
      const q: SlowQuery = { atMs: now(), analysis, specHash: specHash(spec), durationMs: Math.round(durationMs) };
      options.logger.warn({ analysis: q.analysis, spec_hash: q.specHash, duration_ms: q.durationMs }, 'slow query');
      kept.push(q);
      if (kept.length > MAX_KEPT) kept.shift();
    },
    /** the kept slow queries in [fromMs, toMs) at least `minMs` long */
    between(fromMs: number, toMs: number, minMs: number): SlowQuery[] {
      return kept.filter((q) => q.atMs >= fromMs && q.atMs < toMs && q.durationMs >= minMs);
    },
  };
}

export type SlowQueryLog = ReturnType<typeof createSlowQueryLog>;
