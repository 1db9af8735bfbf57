// One runner per job across processes sharing a server store (several `tally jobs`, or `tally serve`
// answering a manual run). The store has no compare-and-set, so a lease is decided by a rule every
// process computes the same way from the same rows: each holder writes claims (and renewals that
// keep the claim's `since`); after writing, a claimant waits `settleMs` for racing claims to land,
// then reads back; among live claims (not expired, not released) the oldest `since` wins, ties
// broken by holder name. A claimant that sees another live holder first does not claim at all.
// Renewals run while a job runs; a holder that dies stops renewing and its lease expires.
// Never used with the embedded store: one process owns it, and its in-process queue is enough.

import type { StoreConnection } from '../store/index.ts';
import { sleep, type Clock } from './clock.ts';

export interface JobLease {
  /** true when this holder now holds `job` (and keeps renewing it until release) */
  tryAcquire(job: string): Promise<boolean>;
  release(job: string): Promise<void>;
  /** the current holder of `job`, if any */
  holderOf(job: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface LeaseOptions {
  readonly store: StoreConnection;
  readonly clock: Clock;
  /** this process's name, unique across processes */
  readonly holder: string;
  /** a claim lives this long unless renewed (ms); renewed every third of it */
  readonly ttlMs: number;
  /** wait after claiming before reading back (ms): longer than an insert takes to be visible */
  readonly settleMs: number;
}

export function createStoreLease(options: LeaseOptions): JobLease {
  const { store, clock, holder, ttlMs, settleMs } = options;
  const held = new Map<string, { since: number; timer: { cancel(): void } }>();
  let lastWritten = 0;

  async function write(job: string, since: number, expires: number): Promise<void> {
    // strictly increasing per holder, so the latest row of a holder is its current state
    lastWritten = Math.max(lastWritten + 1, clock.now());
    const row = { job, holder, since_ms: since, expires_ms: expires, written_ms: lastWritten };
    await store.insertJsonEachRow('job_leases', Buffer.from(`${JSON.stringify(row)}\n`));
  }

  async function holderOf(job: string): Promise<string | undefined> {
    const rows = await store.query<{ holder: string }>(
      `SELECT holder FROM (
         SELECT holder, argMax(since_ms, written_ms) AS since, argMax(expires_ms, written_ms) AS expires
         FROM job_leases WHERE job = {job:String} GROUP BY holder
       ) WHERE expires > {now:UInt64} ORDER BY since, holder LIMIT 1`,
      { job, now: clock.now() },
    );
    return rows[0]?.holder;
  }

  function renewEvery(job: string, since: number): { cancel(): void } {
    let timer = clock.setTimer(function renew() {
      write(job, since, clock.now() + ttlMs).catch(() => {});
      timer = clock.setTimer(renew, Math.floor(ttlMs / 3));
    }, Math.floor(ttlMs / 3));
    return { cancel: () => timer.cancel() };
  }

  return {
    async tryAcquire(job) {
      if (held.has(job)) return true;
      const current = await holderOf(job);
      if (current !== undefined && current !== holder) return false;
      const since = clock.now();
      await write(job, since, since + ttlMs);
      if (settleMs > 0) await sleep(clock, settleMs);
      if ((await holderOf(job)) !== holder) {
        await write(job, since, 0);
        return false;
      }
      held.set(job, { since, timer: renewEvery(job, since) });
      return true;
    },

    async release(job) {
      const h = held.get(job);
      if (!h) return;
      held.delete(job);
      h.timer.cancel();
      await write(job, h.since, 0);
    },

    holderOf,

    async close() {
      for (const job of [...held.keys()]) await this.release(job);
    },
  };
}
