// Step, enrich person (after geolocate): the user's role and tenure at the event's time, from
// their profile (POST /v1/identify; src/people). The pipeline stays synchronous: a source loads
// the profiles of an arrival before running it (pipeline.prepare, one query for the misses of a
// whole batch) and passes them in the context; without that (the Kafka worker's plain events) the
// process-wide cache answers, and a profile it has not loaded yet is loaded in the background
// while the event is stored without it.

import { ok, type EnrichedEvent, type IngestContext, type StepResult } from './types.ts';

/** what an event is enriched with from the profile (seed 004's user_role, user_tenure_days) */
export interface PersonFacts {
  readonly role: string;
  /** whole days from the created_at trait to the event's time; null when unknown or before it */
  readonly tenureDays: number | null;
}

/** the profiles of one arrival, loaded before it runs */
export interface PersonSnapshot {
  /** the facts at tsMs; null = no profile; undefined = not loaded */
  at(appId: string, userId: string, tsMs: number): PersonFacts | null | undefined;
}

/** where profiles come from (src/people's cache) */
export interface PersonSource extends PersonSnapshot {
  /** loads the profiles of these (app, user) pairs; the snapshot answers for each of them */
  load(keys: ReadonlyArray<readonly [appId: string, userId: string]>): Promise<PersonSnapshot>;
  /** starts loading one missing profile; never throws */
  loadInBackground(appId: string, userId: string): void;
  /** true when the app is known to have no profile at all: no lookup could find one (false when unsure) */
  lacksProfiles?(appId: string): boolean;
}

export interface EnrichPersonOptions {
  /** the profiles; undefined = events get no role or tenure (fixtures) */
  readonly persons?: PersonSource;
}

export function createEnrichPerson(options: EnrichPersonOptions = {}) {
  const persons = options.persons;
  return function enrichPerson(event: EnrichedEvent, ctx: IngestContext): StepResult<EnrichedEvent> {
    // profiles are keyed by user_id: an anonymous-only event has none to find (until aliasing)
    if (!persons || (event.anonymousId !== '' && event.userId === event.anonymousId) || persons.lacksProfiles?.(event.appId)) return ok(event);
    let facts = ctx.persons?.at(event.appId, event.userId, event.timestampMs);
    if (facts === undefined) {
      facts = persons.at(event.appId, event.userId, event.timestampMs);
      if (facts === undefined) persons.loadInBackground(event.appId, event.userId);
    }
    if (!facts) return ok(event);
    return ok({ ...event, userRole: facts.role, userTenureDays: facts.tenureDays });
  };
}

/**
 * the (app, user) pairs of raw wire events with a user_id, for prepare: only well-formed ones (the
 * envelope judges the rest), and none of an app `skipApp` says has no profiles
 */
export function personKeys(inputs: readonly unknown[], skipApp?: (appId: string) => boolean): Array<[string, string]> {
  const seen = new Set<string>();
  const keys: Array<[string, string]> = [];
  for (const input of inputs) {
    if (typeof input !== 'object' || input === null) continue;
    const { app_id: appId, user_id: userId } = input as Record<string, unknown>;
    const id = typeof userId === 'number' && Number.isFinite(userId) ? String(userId) : userId;
    if (typeof appId !== 'string' || typeof id !== 'string' || id === '' || id.length > 256 || skipApp?.(appId)) continue;
    const k = `${appId}\u0000${id}`;
    if (seen.has(k)) continue;
    seen.add(k);
    keys.push([appId, id]);
  }
  return keys;
}
