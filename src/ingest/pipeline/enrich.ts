// Step 6, enrich: what the server adds to an event — its receive time, the device, browser and
// OS its user agent names, and its network as an anonymised prefix (src/event/enrich.ts). The
// full IP never goes further than this step; the full user agent only when the install keeps it
// (TALLY_STORE_USER_AGENT). Geolocation of the IP belongs here too.

import { anonymizeIp, createUserAgentParser, toEngineTime } from '../../event/index.ts';
import { ok, type CategorizedEvent, type EnrichedEvent, type IngestContext, type StepResult } from './types.ts';

export interface EnrichOptions {
  /** keep the full user agent string (default off) */
  readonly storeUserAgent?: boolean;
}

export function createEnrich(options: EnrichOptions = {}) {
  const storeUserAgent = options.storeUserAgent ?? false;
  const parseUserAgent = createUserAgentParser();
  // the events of one request share one receive time: format it once
  let receivedAtCache = { ms: Number.NaN, text: '' };
  const receivedAt = (ms: number): string => {
    if (receivedAtCache.ms !== ms) receivedAtCache = { ms, text: toEngineTime(ms) };
    return receivedAtCache.text;
  };

  return function enrich(event: CategorizedEvent, ctx: IngestContext): StepResult<EnrichedEvent> {
    const { context } = event;
    const device = parseUserAgent(context.userAgent);
    return ok({
      ...event,
      receivedAt: receivedAt(ctx.receivedAtMs),
      device: context.deviceType || device.device,
      browser: device.browser,
      os: device.os,
      country: context.country.toUpperCase(),
      ipPrefix: anonymizeIp(context.ip),
      storedUserAgent: storeUserAgent ? context.userAgent : '',
      region: '',
      city: '',
      userRole: '',
      userTenureDays: null,
    });
  };
}
