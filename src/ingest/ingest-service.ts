// The ingest step shared by every entry point (HTTP now, Kafka and change capture later): validate
// each raw event, keep per-event rejections with their index and code, submit the rest to the
// batcher and answer with one receipt once they are committed.

import type { EventValidator, ValidatedEvent } from '../event/index.ts';
import { formatMessage, type ErrorCode } from '../errors.ts';
import type { Batcher } from './batcher.ts';

export interface RejectedEvent {
  readonly index: number;
  readonly code: ErrorCode;
  readonly message: string;
}

export interface IngestReceipt {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: readonly RejectedEvent[];
}

export interface IngestMetrics {
  onReceived(count: number): void;
  onRejected(code: ErrorCode): void;
}

export interface IngestServiceOptions {
  readonly batcher: Batcher;
  readonly validate: EventValidator;
  /** is this app registered? events for unknown apps are rejected */
  readonly appExists: (appId: string) => boolean;
  readonly metrics?: IngestMetrics;
  readonly now?: () => number;
}

export function createIngestService(options: IngestServiceOptions) {
  const { batcher, validate, appExists, metrics } = options;
  const now = options.now ?? Date.now;

  return {
    /** Validates and commits; throws TallyError only for whole-request failures (overload, store down). */
    async ingest(rawEvents: readonly unknown[], caller: { readonly allowedAppId?: string }): Promise<IngestReceipt> {
      metrics?.onReceived(rawEvents.length);
      const receivedAtMs = now();
      const valid: ValidatedEvent[] = [];
      const rejected: RejectedEvent[] = [];
      for (let index = 0; index < rawEvents.length; index++) {
        const result = validate(rawEvents[index], { allowedAppId: caller.allowedAppId, receivedAtMs });
        if (!result.ok) {
          rejected.push({ index, code: result.code, message: result.message });
          metrics?.onRejected(result.code);
        } else if (!appExists(result.event.appId)) {
          const code: ErrorCode = 'TALLY_ERR_APP_UNKNOWN';
          rejected.push({ index, code, message: formatMessage(code, [result.event.appId]) });
          metrics?.onRejected(code);
        } else {
          valid.push(result.event);
        }
      }
      const receipt = await batcher.submit(valid);
      return { accepted: receipt.accepted, duplicates: receipt.duplicates, rejected };
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
