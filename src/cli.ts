// The `tally` command: serve | worker | schema | codegen | demo | migrate. Parses arguments, loads
// configuration once (the only place process.env is read) and hands it down; how the process stops
// (signals, the owned store, exit codes) is src/lifecycle.ts, shared by every command.

import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from './config/index.ts';
import { loadDemoEmbedded, loadDemoOverHttp } from './demo/load.ts';
import { startTally } from './service.ts';
import { migrate } from './store/index.ts';
import { EXIT, runMain, stopOnSignal, withOwnedStore } from './lifecycle.ts';
import { codegenCommand } from './codegen/index.ts';
import { SCALE_USAGE, schemaCommand, workerCommand } from './scale-commands.ts';
import { JOBS_USAGE, jobsCommand } from './jobs/index.ts';
import { CDC_USAGE, cdcCommand } from './cdc-command.ts';

const USAGE = `usage: tally <command> [options]

commands:
  serve                 start the API (TALLY_PORT) and metrics (TALLY_METRICS_PORT)
  demo [--users N] [--days N] [--app ID] [--url URL] [--token T]
                        load a realistic synthetic dataset; into the running server at --url
                        (default http://127.0.0.1:TALLY_PORT) if one answers, else into the
                        embedded store directly
  migrate               apply pending store migrations and exit
  codegen --app ID [--out FILE] [--url URL --token T] [--sdk-import SPEC]
                        write a typed tracking plan (TypeScript) from the app's registered
                        schemas: from the server at --url, else from the embedded store
${SCALE_USAGE}${CDC_USAGE}${JOBS_USAGE}`;

async function serve(config: Config): Promise<void> {
  const tally = await startTally(config);
  process.stderr.write(`Tally is listening on http://${config.host}:${tally.port} (metrics on :${tally.metricsPort}/metrics)\n`);
  stopOnSignal(tally, 'flushing queued events');
}

async function serverAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function demo(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { users: { type: 'string' }, days: { type: 'string' }, app: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } },
  });
  const options = { users: values.users ? Number(values.users) : undefined, days: values.days ? Number(values.days) : undefined, appId: values.app };
  const url = values.url ?? `http://127.0.0.1:${config.port}`;
  const started = Date.now();
  let summary: Awaited<ReturnType<typeof loadDemoOverHttp>>;
  if (await serverAnswers(url)) {
    const tokenFile = path.join(config.dataDir, 'admin.token');
    const token = values.token ?? config.adminToken ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined);
    if (!token) throw new Error(`a server answers at ${url}: pass its admin token with --token or TALLY_ADMIN_TOKEN`);
    process.stderr.write(`loading the demo dataset into ${url} ...\n`);
    summary = await loadDemoOverHttp(url, token, options);
  } else {
    process.stderr.write(`loading the demo dataset into the embedded store at ${config.dataDir} ...\n`);
    summary = await loadDemoEmbedded(config, options);
  }
  process.stderr.write(
    `demo app "${options.appId ?? 'demo'}": ${summary.accepted} events stored, ${summary.duplicates} already there, ${summary.rejected} rejected (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  process.stderr.write(
    `learner model: 5-topic curriculum, daily stats, mastery and gaps computed${summary.learningRunsFailed ? ` (${summary.learningRunsFailed} job runs failed)` : ''}; try GET /v1/learning/users/u_1/dashboard?app_id=${options.appId ?? 'demo'}\n`,
  );
}

async function migrateCommand(config: Config): Promise<void> {
  const applied = await withOwnedStore(config, (store) => migrate(store));
  process.stderr.write(applied.length ? `applied migrations ${applied.join(', ')}\n` : 'store is up to date\n');
}

async function main(argv: string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  const config = loadConfig(process.env, process.cwd());
  switch (command) {
    case 'serve':
      await serve(config);
      return undefined;
    case 'demo':
      await demo(config, rest);
      return EXIT.ok;
    case 'migrate':
      await migrateCommand(config);
      return EXIT.ok;
    case 'worker':
      await workerCommand(config);
      return undefined;
    case 'cdc':
      return cdcCommand(config, rest);
    case 'schema':
      schemaCommand(config, rest);
      return EXIT.ok;
    case 'jobs':
      return jobsCommand(config, rest);
    case 'codegen':
      await codegenCommand(config, rest);
      return EXIT.ok;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return EXIT.ok;
    default:
      process.stderr.write(`unknown command: ${command}\n\n${USAGE}`);
      return EXIT.usage;
  }
}

runMain(() => main(process.argv.slice(2)));
