// The ingest pipeline as configured: the same options for every process that ingests (`serve`,
// `worker`), so a Kafka worker refuses exactly what HTTP ingest refuses — the retention horizon
// included.

import { retainedSince, type Config } from '../../config/index.ts';
import type { AppRegistry } from '../../access/index.ts';
import type { GeoLookup, SchemaRegistry } from '../../event/index.ts';
import type { PersonSource } from './enrich-person.ts';
import { createIngestPipeline, type IngestPipeline, type IngestPipelineOptions } from './pipeline.ts';

export interface ConfiguredPipelineDeps {
  readonly apps: Pick<AppRegistry, 'has'>;
  readonly schemas: Pick<SchemaRegistry, 'categoryOf' | 'check'>;
  readonly scrub: IngestPipelineOptions['scrub'];
  /** the IP's geography, loaded once by the process when TALLY_GEOIP is on */
  readonly geoLookup?: GeoLookup;
  /** the profiles events are enriched from (src/people's cache) */
  readonly persons?: PersonSource;
}

export function createConfiguredPipeline(config: Config, deps: ConfiguredPipelineDeps): IngestPipeline {
  return createIngestPipeline({
    maxEventAgeDays: config.maxEventAgeDays,
    categoryOverride: (appId, name) => deps.schemas.categoryOf(appId, name),
    retainedSince: (category, nowMs) => retainedSince(config.retention, category, nowMs),
    appExists: (id) => deps.apps.has(id),
    checkSchema: (appId, name, properties) => deps.schemas.check(appId, name, properties),
    scrub: deps.scrub,
    storeUserAgent: config.privacy.storeUserAgent,
    geoLookup: deps.geoLookup,
    persons: deps.persons,
  });
}
