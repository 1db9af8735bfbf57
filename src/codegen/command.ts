// `tally codegen --app X [--out file.ts] [--url URL --token T] [--sdk-import SPEC]`: reads an app's
// current schemas — from a running server (GET /v1/schemas) when --url is given, else from the
// embedded store of TALLY_DATA_DIR (which must not be in use by a running server) — and writes the
// typed tracking plan. Without --out it prints to stdout.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config/index.ts';
import { APP_ID_RE, createSchemaRegistry } from '../event/index.ts';
import { LEARNING_TRACKER_ALIASES } from '../learning/index.ts';
import { withOwnedStore } from '../lifecycle.ts';
import { DataDirInUseError, migrate } from '../store/index.ts';
import { generateTrackingPlan, type PlanSchema } from './tracking-plan.ts';


export async function fetchSchemas(url: string, token: string, appId: string): Promise<PlanSchema[]> {
  const res = await fetch(`${url.replace(/\/+$/, '')}/v1/schemas?app_id=${encodeURIComponent(appId)}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json().catch(() => undefined)) as { schemas?: PlanSchema[]; error?: { code: string; message: string } } | undefined;
  if (!res.ok || !body?.schemas) {
    throw new Error(`GET /v1/schemas answered ${res.status}${body?.error ? `: ${body.error.code}: ${body.error.message}` : ''}`);
  }
  return body.schemas;
}

export async function readSchemasFromStore(config: Config, appId: string): Promise<PlanSchema[]> {
  try {
    return await withOwnedStore(config, async (store) => {
      await migrate(store);
      const registry = createSchemaRegistry({ store });
      await registry.load();
      return registry.list(appId).map((v) => ({
        event_name: v.eventName,
        version: v.version,
        schema: v.schema,
        category: v.category,
        description: v.description,
        owner: v.owner,
      }));
    });
  } catch (err) {
    if (err instanceof DataDirInUseError) throw new Error(`${err.message}; if a server runs on it, pass --url and --token`);
    throw err;
  }
}

export async function codegenCommand(config: Config, args: string[], write: (text: string) => void = (t) => process.stdout.write(t)): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { app: { type: 'string' }, out: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, 'sdk-import': { type: 'string' } },
  });
  const appId = values.app;
  if (!appId || !APP_ID_RE.test(appId)) throw new Error('codegen needs --app <app_id>');
  let schemas: PlanSchema[];
  if (values.url) {
    const token = values.token ?? config.adminToken;
    if (!token) throw new Error('--url needs --token (a read key of the app, or the admin token)');
    schemas = await fetchSchemas(values.url, token, appId);
  } else {
    schemas = await readSchemasFromStore(config, appId);
  }
  const command = `tally codegen --app ${appId}${values.out ? ` --out ${values.out}` : ''}${values.url ? ` --url ${values.url}` : ''}`;
  const code = generateTrackingPlan({ appId, schemas, sdkImport: values['sdk-import'], command, aliases: LEARNING_TRACKER_ALIASES });
  if (values.out) {
    writeFileSync(values.out, code);
    process.stderr.write(`wrote ${schemas.length} typed tracking function(s) for app "${appId}" to ${values.out}\n`);
  } else {
    write(code);
  }
}
