// The scrubber the privacy settings ask for, built the same way by `tally serve` and `tally worker`
// (the scrubbing rules themselves are the ingest pipeline's, src/event/scrub.ts). The install
// secret is read only when session ids are hashed, so a worker that keeps them never creates one.

import type { PrivacyConfig } from '../config/index.ts';
import { createScrubber, type Scrubber } from '../event/index.ts';

export function scrubberFor(privacy: PrivacyConfig, installSecret: () => string): Scrubber {
  return createScrubber({
    emails: privacy.scrubEmails,
    phones: privacy.scrubPhones,
    cards: privacy.scrubCards,
    denyKeys: privacy.scrubKeys,
    sessionSecret: privacy.hashSessionIds ? installSecret() : undefined,
  });
}
