// The configuration of each kind of sink, checked once when the sink is created (POST /v1/sinks)
// and again when it is read back: paths, URLs, table and bucket names come from allow-lists of
// characters, so none of them can change the SQL or the path they are placed in.

import { TallyError } from '../errors.ts';

export type SinkKind = 'parquet' | 's3' | 'postgres' | 'clickhouse';
export const SINK_KINDS: readonly SinkKind[] = ['parquet', 's3', 'postgres', 'clickhouse'];

export interface ParquetSinkConfig {
  readonly kind: 'parquet';
  /** absolute directory; files go under <path>/app_id=<app>/date=<YYYY-MM-DD>/ */
  readonly path: string;
}

export interface S3SinkConfig {
  readonly kind: 's3';
  /** http(s)://host[:port] of an S3-compatible server */
  readonly endpoint: string;
  readonly bucket: string;
  /** key prefix, '' or ending in '/' */
  readonly prefix: string;
  readonly accessKeyId: string | undefined;
  readonly secretAccessKey: string | undefined;
}

export interface PostgresSinkConfig {
  readonly kind: 'postgres';
  /** postgres:// URL */
  readonly url: string;
  /** schema.table, created when missing (daily partitions) */
  readonly schema: string;
  readonly table: string;
}

export interface ClickHouseSinkConfig {
  readonly kind: 'clickhouse';
  /** http(s):// URL of a ClickHouse server (user and password in it, like TALLY_STORE) */
  readonly url: string;
  readonly database: string;
  readonly table: string;
}

export type SinkConfig = ParquetSinkConfig | S3SinkConfig | PostgresSinkConfig | ClickHouseSinkConfig;

const PATH_RE = /^\/[A-Za-z0-9._\-/]{0,1023}$/;
const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX_RE = /^(?:[A-Za-z0-9._\-=]+\/){0,16}$/;
const IDENT_RE = /^[a-z_][a-z0-9_]{0,62}$/;
const KEY_RE = /^[\x21-\x7e]{1,256}$/;

function invalid(what: string): never {
  throw new TallyError('TALLY_ERR_REQUEST_INVALID', [what]);
}

function str(raw: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') invalid(`${key} must be a string`);
  return v;
}

function httpUrl(value: string | undefined, key: string, protocols: readonly string[]): URL {
  if (value === undefined) invalid(`${key} is required`);
  if (value.length > 2048) invalid(`${key} is longer than 2048 characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    invalid(`${key} is not a URL`);
  }
  if (!protocols.includes(url.protocol)) invalid(`${key} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  return url;
}

function tableName(value: string | undefined, fallbackSchema: string, fallbackTable: string): { schema: string; table: string } {
  const text = value ?? `${fallbackSchema}.${fallbackTable}`;
  const parts = text.includes('.') ? text.split('.') : [fallbackSchema, text];
  if (parts.length !== 2 || !parts.every((p) => IDENT_RE.test(p))) invalid('table must be [schema.]name, each part [a-z_][a-z0-9_]* of at most 63 characters');
  return { schema: parts[0], table: parts[1] };
}

/** Checks a sink's kind-specific fields (the request body without app_id and batch_rows). */
export function parseSinkConfig(kind: string, raw: Readonly<Record<string, unknown>>): SinkConfig {
  switch (kind) {
    case 'parquet': {
      const path = str(raw, 'path');
      if (path === undefined) invalid('path is required');
      if (!PATH_RE.test(path) || path.split('/').some((p) => p === '..' || p === '.')) invalid('path must be an absolute directory of [A-Za-z0-9._-/] without . or .. parts, at most 1024 characters');
      return { kind, path: path.replace(/\/+$/, '') || '/' };
    }
    case 's3': {
      const endpoint = httpUrl(str(raw, 'endpoint'), 'endpoint', ['http:', 'https:']);
      if (endpoint.pathname !== '/' || endpoint.search || endpoint.username) invalid('endpoint must be http(s)://host[:port] only (bucket and prefix are their own fields)');
      const bucket = str(raw, 'bucket');
      if (bucket === undefined || !BUCKET_RE.test(bucket)) invalid('bucket must be 3-63 characters of [a-z0-9.-]');
      let prefix = str(raw, 'prefix') ?? '';
      if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
      if (!PREFIX_RE.test(prefix) || prefix.split('/').some((p) => p === '..' || p === '.')) invalid('prefix must be at most 16 parts of [A-Za-z0-9._=-] separated by /');
      const accessKeyId = str(raw, 'access_key_id');
      const secretAccessKey = str(raw, 'secret_access_key');
      if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) invalid('access_key_id and secret_access_key go together');
      if (accessKeyId !== undefined && (!KEY_RE.test(accessKeyId) || !KEY_RE.test(secretAccessKey as string))) invalid('credentials must be 1-256 printable characters');
      return { kind, endpoint: endpoint.origin, bucket, prefix, accessKeyId, secretAccessKey };
    }
    case 'postgres': {
      httpUrl(str(raw, 'url'), 'url', ['postgres:', 'postgresql:']);
      const { schema, table } = tableName(str(raw, 'table'), 'public', 'platform_events');
      return { kind, url: str(raw, 'url') as string, schema, table };
    }
    case 'clickhouse': {
      const url = httpUrl(str(raw, 'url'), 'url', ['http:', 'https:']);
      const database = str(raw, 'database') ?? (url.pathname.replace(/^\//, '') || 'default');
      if (!IDENT_RE.test(database)) invalid('database must be [a-z_][a-z0-9_]* of at most 63 characters');
      const table = str(raw, 'table') ?? 'platform_events';
      if (!IDENT_RE.test(table)) invalid('table must be [a-z_][a-z0-9_]* of at most 63 characters');
      return { kind, url: `${url.protocol}//${url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''}${url.host}`, database, table };
    }
    default:
      invalid(`kind must be one of ${SINK_KINDS.join(', ')}`);
  }
}

/** the configuration as shown to an operator: passwords and secret keys replaced */
export function redactedConfig(config: SinkConfig): Record<string, unknown> {
  switch (config.kind) {
    case 'parquet':
      return { path: config.path };
    case 's3':
      return { endpoint: config.endpoint, bucket: config.bucket, prefix: config.prefix, access_key_id: config.accessKeyId ?? null, secret_access_key: config.secretAccessKey ? '***' : null };
    case 'postgres':
      return { url: redactUrl(config.url), table: `${config.schema}.${config.table}` };
    case 'clickhouse':
      return { url: redactUrl(config.url), database: config.database, table: config.table };
  }
}

export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** the stored form (JSON) of a configuration */
export function storedConfig(config: SinkConfig): string {
  return JSON.stringify(config);
}

export function loadStoredConfig(text: string): SinkConfig {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const kind = String(raw.kind);
  if (kind === 's3') return parseSinkConfig(kind, { endpoint: raw.endpoint, bucket: raw.bucket, prefix: raw.prefix, access_key_id: raw.accessKeyId, secret_access_key: raw.secretAccessKey });
  if (kind === 'postgres') return parseSinkConfig(kind, { url: raw.url, table: `${raw.schema}.${raw.table}` });
  return parseSinkConfig(kind, raw);
}
