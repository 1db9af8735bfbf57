// Replaying quarantined events after a fix (a new schema version, a changed mode, a created app):
// the kept payloads go through the same ingest step as new events — envelope, app, the *current*
// schema — without being quarantined again. What passes is stored once: event ids are the client's
// or derived from the content (event-id.ts), and the batcher skips ids already stored, so replaying
// twice, or two rows holding the same event, never counts twice. Each replayed row then gets a new
// version: 'replayed', or still quarantined with its new reason. Rows are only rewritten after the
// events are committed; a crash in between leaves them to be replayed again, harmlessly.

import type { StoreConnection } from '../store/index.ts';
import type { IngestService } from './ingest-service.ts';
import type { QuarantineRow, QuarantineWriter } from './quarantine.ts';
import { encodeCursor, selectForReplay } from './quarantine-query.ts';

export interface ReplaySpec {
  readonly appId: string;
  /** replay these rows only */
  readonly ids?: readonly string[];
  /** replay rows with this reason code only */
  readonly code?: string;
  /** who asks ('admin' or a key id); recorded on nothing, passed to ingest */
  readonly keyId?: string;
  /** most rows in this call (default 1000) */
  readonly limit?: number;
  /** continue after the row a previous call ended on */
  readonly cursor?: string;
}

export interface ReplayResult {
  /** quarantined rows taken in this call */
  readonly matched: number;
  /** events newly stored */
  readonly accepted: number;
  /** events whose id was already stored (replayed before, or sent again meanwhile) */
  readonly duplicates: number;
  /** rows still rejected; they stay quarantined with these reasons */
  readonly still_rejected: number;
  readonly rejected: ReadonlyArray<{ quarantine_id: string; code: string; message: string }>;
  /** pass it back as `cursor` to replay the rows after these; null when none remain */
  readonly next_cursor: string | null;
}

export interface ReplayMetrics {
  onReplayed(outcome: 'stored' | 'rejected', count: number): void;
}

export interface ReplayDeps {
  readonly store: StoreConnection;
  readonly ingest: IngestService;
  readonly writer: QuarantineWriter;
  readonly metrics?: ReplayMetrics;
  /** payload bytes replayed in one call (default 32 MiB) */
  readonly maxReplayBytes?: number;
  readonly now?: () => number;
}

/** rejections listed in one answer; the rest are counted */
const MAX_LISTED = 100;

function parsePayload(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

export function createQuarantineReplay(deps: ReplayDeps) {
  const { store, ingest, writer, metrics } = deps;
  const now = deps.now ?? Date.now;
  const maxBytes = deps.maxReplayBytes ?? 32 * 1024 * 1024;

  return async function replay(spec: ReplaySpec): Promise<ReplayResult> {
    const limit = spec.limit ?? 1000;
    const { rows, more } = await selectForReplay(store, { appId: spec.appId, ids: spec.ids, code: spec.code, limit, maxBytes, cursor: spec.cursor });
    if (rows.length === 0) return { matched: 0, accepted: 0, duplicates: 0, still_rejected: 0, rejected: [], next_cursor: null };

    // admin-submitted rows of this app are replayed under the app too: allowedAppId is the row's app
    const receipt = await ingest.ingest(
      rows.map((r) => parsePayload(r.payload)),
      { allowedAppId: spec.appId, keyId: spec.keyId, quarantine: false },
    );
    const reasons = new Map(receipt.rejected.map((r) => [r.index, r]));
    const replayedAt = new Date(now()).toISOString();
    const updated: QuarantineRow[] = rows.map((row, index) => {
      const reason = reasons.get(index);
      if (reason) return { ...row, code: reason.code, message: reason.message.slice(0, 2000), replay_count: row.replay_count + 1 };
      return { ...row, status: 'replayed', replay_count: row.replay_count + 1, replayed_at: replayedAt };
    });
    await writer.rewrite(updated);
    metrics?.onReplayed('stored', rows.length - reasons.size);
    metrics?.onReplayed('rejected', reasons.size);

    return {
      matched: rows.length,
      accepted: receipt.accepted,
      duplicates: receipt.duplicates,
      still_rejected: reasons.size,
      rejected: receipt.rejected.slice(0, MAX_LISTED).map((r) => ({ quarantine_id: rows[r.index].quarantine_id, code: r.code, message: r.message })),
      next_cursor: more ? encodeCursor(rows[rows.length - 1]) : null,
    };
  };
}

export type QuarantineReplay = ReturnType<typeof createQuarantineReplay>;
