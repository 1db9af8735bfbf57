// `tally cdc`: runs Postgres change capture (TALLY_CDC_URL, TALLY_CDC_MAPPINGS) in a Tally process
// of its own — needed with a ClickHouse server store, where `tally serve` does not capture — with
// its API (GET /v1/sources) and metrics. `tally cdc --drop-slot` drops the replication slot, so
// PostgreSQL frees the WAL it held; the next start creates it again and snapshots afresh (rows
// already stored keep their ids and are not stored twice).

import { parseArgs } from 'node:util';
import type { Config } from './config/index.ts';
import { TallyError } from './errors.ts';
import { EXIT, stopOnSignal } from './lifecycle.ts';
import { startTally } from './service.ts';
import { dropSlot, withPgClient } from './sources/index.ts';

export const CDC_USAGE = `  cdc [--drop-slot]     capture the tables of TALLY_CDC_MAPPINGS from TALLY_CDC_URL (logical
                        replication) into the store, with the API and metrics; --drop-slot:
                        drop the replication slot (TALLY_CDC_SLOT) and exit
`;

export async function cdcCommand(config: Config, args: string[]): Promise<number | undefined> {
  const { values } = parseArgs({ args, options: { 'drop-slot': { type: 'boolean' } } });
  const cdc = config.cdc;
  if (!cdc) throw new TallyError('TALLY_ERR_CONFIG_INVALID', ['TALLY_CDC_URL is not set: tally cdc needs the PostgreSQL database to capture']);
  if (values['drop-slot']) {
    await withPgClient(cdc.url, async (client) => {
      const { rows } = await client.query<{ active: boolean }>('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [cdc.slot]);
      if (rows[0]?.active) throw new TallyError('TALLY_ERR_CDC_SETUP', [`slot ${cdc.slot} is in use: stop the Tally process that captures first`]);
      const dropped = await dropSlot(client, cdc.slot);
      process.stderr.write(dropped ? `dropped replication slot ${cdc.slot}\n` : `no replication slot ${cdc.slot}\n`);
    });
    return EXIT.ok;
  }
  const tally = await startTally(config, { capture: true });
  process.stderr.write(`Tally is capturing ${cdc.tables.map((t) => t.source).join(', ')} through slot ${cdc.slot}; listening on http://${config.host}:${tally.port} (metrics on :${tally.metricsPort}/metrics)\n`);
  stopOnSignal(tally, 'storing and confirming what was captured');
  return undefined;
}
