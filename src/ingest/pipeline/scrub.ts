// Step 5, scrub: personal data apps send by mistake is removed before anything is stored —
// property and metadata strings, the page URL and referrer, and session ids (keyed hashes) — by the install's
// privacy rules (src/event/scrub.ts). The event id was derived from what was sent, before this.

import type { Scrubber } from '../../event/index.ts';
import { ok, type Envelope, type StepResult } from './types.ts';

export interface ScrubStepOptions {
  /** the privacy rules; undefined = nothing is scrubbed */
  readonly scrub?: Scrubber;
}

export function createScrub(options: ScrubStepOptions = {}) {
  const scrubber = options.scrub;
  return function scrub<E extends Envelope>(event: E): StepResult<E> {
    if (!scrubber) return ok(event);
    const properties = scrubber.properties(event.properties);
    const metadata = scrubber.properties(event.metadata);
    return ok({
      ...event,
      properties,
      propertiesJson: properties === event.properties ? event.propertiesJson : JSON.stringify(properties),
      metadata,
      metadataJson: metadata === event.metadata ? event.metadataJson : JSON.stringify(metadata),
      sessionId: scrubber.sessionId(event.sessionId),
      context: { ...event.context, pageUrl: scrubber.url(event.context.pageUrl), referrer: scrubber.url(event.context.referrer) },
    });
  };
}
