// Applies what protocol messages mapped to, through the one ingest pipeline: first the person links
// and profile traits (each idempotent: the same link or version sent again changes nothing), then
// the events, in one ingest call (validation, schemas, scrubbing, dedup by event id, group commit).
// The receipt is the ingest receipt over the request's messages: a message refused by the mapping
// or by its traits keeps its index. Answers only after everything accepted is stored — so a library
// that retries after a failure sends nothing that could be counted twice.

import { TallyError, type ErrorCode } from '../../errors.ts';
import type { IngestCaller, IngestReceipt, IngestService, RejectedEvent } from '../../ingest/index.ts';
import type { People, PersonLink } from '../../people/index.ts';
import type { Mapped } from './mapped.ts';

export interface CaptureDeps {
  readonly ingest: Pick<IngestService, 'ingest'>;
  readonly people?: People;
  /** told when links of the app were stored (kept answers of its questions may be stale) */
  readonly onLinked?: (appId: string) => void;
}

export async function applyCaptured(deps: CaptureDeps, appId: string, mapped: readonly Mapped[], caller: IngestCaller): Promise<IngestReceipt> {
  const rejected: RejectedEvent[] = [];
  const events: unknown[] = [];
  const indexOf: number[] = [];
  const links: PersonLink[] = [];
  for (let i = 0; i < mapped.length; i++) {
    const m = mapped[i];
    if (!m.ok) {
      rejected.push({ index: i, code: m.code, message: m.message });
      continue;
    }
    if (deps.people) {
      let refused: { code: ErrorCode; message: string } | undefined;
      for (const t of m.traits) {
        try {
          await deps.people.update(appId, t.userId, t.set, t.setOnce, t.atMs);
        } catch (err) {
          if (!(err instanceof TallyError) || err.status >= 500) throw err;
          refused = { code: err.code, message: err.message };
          break;
        }
      }
      if (refused) {
        rejected.push({ index: i, ...refused });
        continue;
      }
      links.push(...m.links);
    }
    events.push(m.event);
    indexOf.push(i);
  }
  if (deps.people && links.length > 0 && (await deps.people.links.link(appId, links)) > 0) deps.onLinked?.(appId);
  const receipt = events.length > 0 ? await deps.ingest.ingest(events, caller) : { accepted: 0, duplicates: 0, rejected: [] };
  for (const r of receipt.rejected) rejected.push({ ...r, index: indexOf[r.index] });
  return { accepted: receipt.accepted, duplicates: receipt.duplicates, rejected: rejected.sort((a, b) => a.index - b.index) };
}
