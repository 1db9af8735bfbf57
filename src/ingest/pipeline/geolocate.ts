// Step, geolocate (after enrich): the country, region and city of the event's IP, looked up in
// the shipped GeoLite2 data (src/event/geo.ts) while the full IP is still in hand — enrich has
// already cut what is stored to a prefix, and nothing after this step sees the address. A country
// the client sent wins: the IP's region and city are then kept only when its country agrees.

import type { GeoLookup } from '../../event/index.ts';
import { ok, type EnrichedEvent, type StepResult } from './types.ts';

export interface GeolocateOptions {
  /** IP → geography (loaded once by the process); undefined = no geography (fixtures, TALLY_GEOIP=false) */
  readonly geoLookup?: GeoLookup;
}

export function createGeolocate(options: GeolocateOptions = {}) {
  const lookup = options.geoLookup;
  return function geolocate(event: EnrichedEvent): StepResult<EnrichedEvent> {
    if (!lookup || !event.context.ip) return ok(event);
    const geo = lookup(event.context.ip.trim());
    if (!geo) return ok(event);
    if (event.country && event.country !== geo.country) return ok(event);
    return ok({ ...event, country: geo.country, region: geo.region, city: geo.city });
  };
}
