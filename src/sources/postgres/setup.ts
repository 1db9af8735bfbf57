// What capture needs from the database before it streams: wal_level=logical, a role that may
// replicate, the mapped tables (and the key columns each row's event id derives from), the
// publication of those tables and the replication slot. Missing publication and slot are created;
// anything only an operator can change stops capture with an error that says what to set.

import pg from 'pg';
import type { CdcConfig } from '../../config/index.ts';
import { TallyError } from '../../errors.ts';

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export interface TableInfo {
  readonly source: string;
  /** the columns an event id derives from: the mapping's event_id column, else the primary key */
  readonly keyColumns: readonly string[];
}

/** Refuses to go on when the server or the role cannot do logical replication. */
export async function checkServer(client: pg.Client): Promise<void> {
  const { rows: level } = await client.query<{ wal_level: string }>('SHOW wal_level');
  if (level[0]?.wal_level !== 'logical') throw new TallyError('TALLY_ERR_CDC_WAL_LEVEL', [level[0]?.wal_level ?? 'unknown']);
  const { rows } = await client.query<{ name: string; ok: boolean }>('SELECT current_user AS name, (rolreplication OR rolsuper) AS ok FROM pg_roles WHERE rolname = current_user');
  if (!rows[0]?.ok) throw new TallyError('TALLY_ERR_CDC_NO_REPLICATION', [rows[0]?.name ?? 'unknown', quoteIdent(rows[0]?.name ?? 'role')]);
}

export async function describeTables(client: pg.Client, config: CdcConfig): Promise<Map<string, TableInfo>> {
  const out = new Map<string, TableInfo>();
  for (const t of config.tables) {
    const qualified = `${quoteIdent(t.schema)}.${quoteIdent(t.table)}`;
    const { rows: exists } = await client.query<{ oid: string | null }>('SELECT to_regclass($1)::oid::text AS oid', [qualified]);
    if (!exists[0]?.oid) throw new TallyError('TALLY_ERR_CDC_SETUP', [`table ${t.source} does not exist`]);
    let keyColumns: string[];
    if (t.eventIdColumn) keyColumns = [t.eventIdColumn];
    else {
      const { rows } = await client.query<{ name: string }>(
        `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
        [qualified],
      );
      keyColumns = rows.map((r) => r.name);
      if (keyColumns.length === 0) throw new TallyError('TALLY_ERR_CDC_SETUP', [`table ${t.source} has no primary key: set "event_id" to a unique column in its mapping`]);
    }
    out.set(t.source, { source: t.source, keyColumns });
  }
  return out;
}

/** Creates the publication when missing and adds the mapped tables it lacks. */
export async function ensurePublication(client: pg.Client, config: CdcConfig): Promise<void> {
  const { rows } = await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [config.publication]);
  const tables = config.tables.map((t) => `${quoteIdent(t.schema)}.${quoteIdent(t.table)}`);
  if (rows.length === 0) {
    await client.query(`CREATE PUBLICATION ${quoteIdent(config.publication)} FOR TABLE ${tables.join(', ')}`);
    return;
  }
  const { rows: present } = await client.query<{ schemaname: string; tablename: string }>('SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = $1', [config.publication]);
  const have = new Set(present.map((r) => `${r.schemaname}.${r.tablename}`));
  const missing = config.tables.filter((t) => !have.has(t.source));
  if (missing.length > 0) await client.query(`ALTER PUBLICATION ${quoteIdent(config.publication)} ADD TABLE ${missing.map((t) => `${quoteIdent(t.schema)}.${quoteIdent(t.table)}`).join(', ')}`);
}

export interface SlotState {
  readonly confirmedFlushLsn: string | null;
  readonly active: boolean;
}

export async function slotState(client: pg.Client, slot: string): Promise<SlotState | undefined> {
  const { rows } = await client.query<{ confirmed_flush_lsn: string | null; active: boolean; plugin: string | null }>(
    'SELECT confirmed_flush_lsn::text, active, plugin FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  );
  if (rows.length === 0) return undefined;
  if (rows[0].plugin !== 'pgoutput') throw new TallyError('TALLY_ERR_CDC_SETUP', [`slot ${slot} exists with plugin ${rows[0].plugin ?? 'none (physical)'}, not pgoutput`]);
  return { confirmedFlushLsn: rows[0].confirmed_flush_lsn, active: rows[0].active };
}

export interface CreatedSlot {
  readonly consistentPoint: string;
  /** the exported snapshot: valid while `connection` stays open and idle */
  readonly snapshotName: string | null;
  readonly connection: pg.Client;
}

/** Creates the slot on a replication connection, exporting the snapshot its stream starts from. */
export async function createSlot(url: string, slot: string): Promise<CreatedSlot> {
  const connection = new pg.Client({ connectionString: url, replication: 'database' } as pg.ClientConfig);
  connection.on('error', () => {});
  await connection.connect();
  try {
    const { rows } = await connection.query<{ consistent_point: string; snapshot_name: string | null }>(`CREATE_REPLICATION_SLOT ${quoteIdent(slot)} LOGICAL pgoutput EXPORT_SNAPSHOT`);
    return { consistentPoint: rows[0].consistent_point, snapshotName: rows[0].snapshot_name, connection };
  } catch (err) {
    await connection.end().catch(() => {});
    throw err;
  }
}

/** `tally cdc --drop-slot`: drops the slot (PostgreSQL then frees the WAL it held). */
export async function dropSlot(client: pg.Client, slot: string): Promise<boolean> {
  const { rows } = await client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot]);
  return rows.length > 0;
}
