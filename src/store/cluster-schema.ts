// The schema for a ClickHouse cluster (`tally schema --cluster NAME`), generated from the same
// numbered migrations the embedded store runs, so the two never drift:
//   - every MergeTree-family table becomes `<name>_local`, Replicated*MergeTree on each shard
//     (Keeper path by {shard}, replica by {replica}), created ON CLUSTER;
//   - `<name>` becomes a Distributed table over it, so queries and inserts keep their table names
//     (events are sharded by app and user: a user's events stay on one shard, which keeps funnels,
//     retention and dedup shard-local; a user's profile versions go with them; other tables by their sort key, so versions of one row meet);
//   - materialized views read and write the local tables of their shard;
//   - ALTERs go to the local tables (and to the Distributed one for column changes).
// A statement it does not understand is an error, never printed as is.

import { loadMigrations, type Migration } from './migrate.ts';

/** what migrate.ts creates before the numbered migrations */
export const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY version`;

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CREATE_TABLE_RE = /^CREATE TABLE IF NOT EXISTS ([A-Za-z_][A-Za-z0-9_]*)\s*\(([\s\S]*)\)\s*ENGINE\s*=\s*([A-Za-z]+)(?:\(([^)]*)\))?([\s\S]*)$/;
const CREATE_MV_RE = /^CREATE MATERIALIZED VIEW IF NOT EXISTS ([A-Za-z_][A-Za-z0-9_]*)\s+TO\s+([A-Za-z_][A-Za-z0-9_]*)\s+AS\s+([\s\S]*)$/;
const ALTER_RE = /^ALTER TABLE ([A-Za-z_][A-Za-z0-9_]*)\s+([\s\S]*)$/;

/** sharding keys of the Distributed tables; other tables hash their sort key */
const SHARDING_KEYS: Readonly<Record<string, string>> = { events: 'cityHash64(app_id, user_id)', person_profiles: 'cityHash64(app_id, user_id)', person_aliases: 'cityHash64(app_id, anonymous_id)' };

export interface TableSpec {
  readonly name: string;
  /** the column list between the parentheses, as written */
  readonly body: string;
  readonly engine: string;
  readonly engineArgs: string | undefined;
  /** PARTITION BY / ORDER BY / TTL / SETTINGS ... */
  readonly rest: string;
}

export function parseCreateTable(statement: string): TableSpec | undefined {
  const m = CREATE_TABLE_RE.exec(statement.trim());
  if (!m) return undefined;
  return { name: m[1], body: m[2], engine: m[3], engineArgs: m[4]?.trim() || undefined, rest: m[5].trim() };
}

/** Splits a column list at top-level commas (not inside parentheses or quotes). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

function sortKey(rest: string): string | undefined {
  const m = /ORDER BY\s+([\s\S]*?)(?:\s+(?:PARTITION BY|PRIMARY KEY|SAMPLE BY|TTL|SETTINGS)\b|$)/.exec(rest);
  if (!m) return undefined;
  let key = m[1].trim();
  if (key.startsWith('(') && key.endsWith(')') && splitTopLevel(key.slice(1, -1)).join(', ') !== '') key = key.slice(1, -1);
  return key && key !== 'tuple()' ? key : undefined;
}

function localName(name: string): string {
  return `${name}_local`;
}

/** Rewrites FROM/JOIN references to replicated tables into their shard-local names. */
function toLocalReads(select: string, replicated: ReadonlySet<string>): string {
  return select.replace(/\b(FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_]*)\b/g, (all, kw: string, table: string) => (replicated.has(table) ? `${kw} ${localName(table)}` : all));
}

export interface ClusterSchemaOptions {
  readonly cluster: string;
  /** Keeper path prefix of replicated tables (default /clickhouse/tables/{shard}/{database}) */
  readonly zooPathPrefix?: string;
}

/** The cluster DDL for the given migrations: one statement per element, in order. */
export function clusterSchema(options: ClusterSchemaOptions, migrations: readonly Migration[] = loadMigrations()): string[] {
  const { cluster } = options;
  if (!IDENT_RE.test(cluster)) throw new Error(`bad cluster name ${JSON.stringify(cluster)}: expected [A-Za-z_][A-Za-z0-9_]*`);
  const prefix = options.zooPathPrefix ?? '/clickhouse/tables/{shard}/{database}';
  const on = `ON CLUSTER ${cluster}`;
  const replicated = new Set<string>();
  const out: string[] = [];

  const table = (statement: string, where: string) => {
    const t = parseCreateTable(statement);
    if (!t) throw new Error(`${where}: unsupported CREATE TABLE form`);
    if (!t.engine.endsWith('MergeTree') || t.engine.startsWith('Replicated')) {
      throw new Error(`${where}: engine ${t.engine} has no replicated form here`);
    }
    const local = localName(t.name);
    const args = [`'${prefix}/${local}'`, `'{replica}'`, ...(t.engineArgs ? [t.engineArgs] : [])].join(', ');
    out.push(`CREATE TABLE IF NOT EXISTS ${local} ${on}\n(\n    ${splitTopLevel(t.body).join(',\n    ')}\n)\nENGINE = Replicated${t.engine}(${args})\n${t.rest}`);
    const key = SHARDING_KEYS[t.name] ?? (sortKey(t.rest) ? `cityHash64(${sortKey(t.rest)})` : 'rand()');
    out.push(`CREATE TABLE IF NOT EXISTS ${t.name} ${on} AS ${local}\nENGINE = Distributed(${cluster}, currentDatabase(), ${local}, ${key})`);
    replicated.add(t.name);
  };

  table(MIGRATIONS_TABLE_DDL, 'schema_migrations');
  for (const m of migrations) {
    for (const [i, statement] of m.statements.entries()) {
      const where = `migration ${String(m.version).padStart(4, '0')}_${m.name} statement ${i + 1}`;
      const s = statement.trim();
      if (/^CREATE TABLE\b/i.test(s)) {
        table(s, where);
        continue;
      }
      const mv = CREATE_MV_RE.exec(s);
      if (mv) {
        if (!replicated.has(mv[2])) throw new Error(`${where}: view target ${mv[2]} is not a table of this schema`);
        out.push(`CREATE MATERIALIZED VIEW IF NOT EXISTS ${mv[1]} ${on} TO ${localName(mv[2])}\nAS ${toLocalReads(mv[3], replicated)}`);
        continue;
      }
      const alter = ALTER_RE.exec(s);
      if (alter && replicated.has(alter[1])) {
        out.push(`ALTER TABLE ${localName(alter[1])} ${on} ${alter[2]}`);
        if (/^(ADD|DROP|MODIFY|RENAME|COMMENT) COLUMN\b/i.test(alter[2])) out.push(`ALTER TABLE ${alter[1]} ${on} ${alter[2]}`);
        continue;
      }
      throw new Error(`${where}: unsupported statement for the cluster schema: ${s.slice(0, 80)}`);
    }
  }
  return out;
}

/** The column definitions of a table (name and type, without codecs, projections or indexes). */
export function tableColumns(spec: TableSpec): Array<{ name: string; type: string }> {
  return splitTopLevel(spec.body)
    .filter((c) => !/^(PROJECTION|INDEX|CONSTRAINT)\b/i.test(c))
    .map((c) => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\s+([\s\S]+)$/.exec(c);
      if (!m) throw new Error(`cannot read column definition: ${c}`);
      const type = m[2].replace(/\s+CODEC\([\s\S]*\)\s*$/i, '').replace(/\s+(DEFAULT|MATERIALIZED|ALIAS|EPHEMERAL)\s[\s\S]*$/i, '').trim();
      return { name: m[1], type };
    });
}

const ADD_COLUMN_RE = /^ADD COLUMN(?:\s+IF NOT EXISTS)?\s+([A-Za-z_][A-Za-z0-9_]*)\s+([\s\S]+?)(?:\s+(AFTER)\s+([A-Za-z_][A-Za-z0-9_]*)|\s+(FIRST))?$/i;

/**
 * The columns of a table once every migration ran: its CREATE TABLE, then each
 * `ALTER TABLE … ADD COLUMN` (placed AFTER/FIRST as written). The Kafka-engine tables read rows with
 * these columns, so a column added later is consumed too.
 */
export function migratedColumns(table: string, migrations: readonly Migration[] = loadMigrations()): Array<{ name: string; type: string }> {
  const statements = migrations.flatMap((m) => m.statements);
  const ddl = statements.find((s) => parseCreateTable(s)?.name === table);
  const spec = ddl ? parseCreateTable(ddl) : undefined;
  if (!spec) throw new Error(`no CREATE TABLE ${table} in the migrations`);
  const columns = tableColumns(spec);
  for (const s of statements) {
    const alter = ALTER_RE.exec(s.trim());
    if (!alter || alter[1] !== table) continue;
    for (const action of splitTopLevel(alter[2])) {
      const m = ADD_COLUMN_RE.exec(action.trim());
      if (!m) continue;
      if (columns.some((c) => c.name === m[1])) continue;
      const [column] = tableColumns({ ...spec, body: `${m[1]} ${m[2]}` });
      const after = m[4] ? columns.findIndex((c) => c.name === m[4]) : -1;
      columns.splice(m[5] ? 0 : after >= 0 ? after + 1 : columns.length, 0, column);
    }
  }
  return columns;
}
