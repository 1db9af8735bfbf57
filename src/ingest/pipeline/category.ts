// Step 2, category and retention horizon: the event's category (the schema registry's for this
// app and event, else the name-based one) decides how long it is kept. An event already older
// than its category's retention is rejected here instead of being acknowledged and then removed
// by the engine's TTL. It runs right after the envelope, as the envelope's own age check does.

import { categorize } from '../../event/index.ts';
import { ok, reject, type CategorizedEvent, type Envelope, type StepResult } from './types.ts';

export interface CategoryOptions {
  /** a category that wins over the name-based one (the schema registry's, per app and event) */
  readonly categoryOverride?: (appId: string, eventName: string) => string | undefined;
  /**
   * the oldest timestamp the store keeps for a category (epoch ms), or undefined = kept forever;
   * older events are rejected
   */
  readonly retainedSince?: (category: string, nowMs: number) => number | undefined;
  readonly now?: () => number;
}

/** event names seen at once; beyond this, names are categorized on every event */
const CATEGORY_CACHE_MAX = 10_000;

export function createAssignCategory(options: CategoryOptions = {}) {
  const { categoryOverride, retainedSince } = options;
  const now = options.now ?? Date.now;
  const byName = new Map<string, string>();
  const nameCategory = (name: string): string => {
    let c = byName.get(name);
    if (c === undefined) {
      c = categorize(name);
      if (byName.size < CATEGORY_CACHE_MAX) byName.set(name, c);
    }
    return c;
  };

  return function assignCategory(event: Envelope): StepResult<CategorizedEvent> {
    const category = categoryOverride?.(event.appId, event.eventName) ?? nameCategory(event.eventName);
    const oldestKept = retainedSince?.(category, now());
    if (oldestKept !== undefined && event.timestampMs < oldestKept) {
      return reject('TALLY_ERR_EVENT_TIMESTAMP_TOO_OLD', `${new Date(event.timestampMs).toISOString()} (category ${category} is kept less long)`);
    }
    return ok({ ...event, category });
  };
}
