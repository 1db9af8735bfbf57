// Public surface of the sources: adapters that turn an outside system's data into wire events and
// hand them to the one ingest pipeline. Postgres change capture lives in postgres/.
export * from './postgres/index.ts';
export * from './capture/index.ts';
