import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateTrackingPlan, pascalCase, propertiesType, codegenCommand, type PlanSchema } from '../../src/codegen/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startTally } from '../../src/service.ts';
import { ADMIN_TOKEN, KEEP_FOREVER, bearer, createApp, tempDir } from '../helpers/tally.ts';
import { pino } from 'pino';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const PLAN: PlanSchema[] = [
  {
    event_name: 'project.created',
    version: 3,
    category: 'transaction',
    owner: 'growth',
    description: 'A client posted a project',
    schema: {
      type: 'object',
      properties: {
        title: { type: 'string', maxLength: 200 },
        budget: { type: 'number', minimum: 0 },
        project_type: { enum: ['fixed', 'hourly'] },
        is_featured: { type: 'boolean' },
        skills: { type: 'array', items: { type: 'string' } },
        deadline: { type: 'string', format: 'date-time' },
        seats: { type: 'integer' },
        client: { type: 'object', properties: { id: { type: 'string' }, 'plan-tier': { type: ['string', 'null'] } }, required: ['id'], additionalProperties: false },
        coords: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
        budget_split: { type: 'object', additionalProperties: { type: 'integer' } },
        price: { $ref: '#/$defs/money' },
      },
      required: ['title', 'budget'],
      additionalProperties: false,
      $defs: { money: { type: 'object', properties: { amount: { type: 'number' }, currency: { const: 'EUR' } }, required: ['amount'] } },
    },
  },
  { event_name: 'user.login', version: 1, schema: { type: 'object', properties: { provider: { enum: ['github', 'google'] }, mfa_used: { type: 'boolean' } } } },
  { event_name: 'search', version: 2, schema: { type: 'object', properties: { query: { type: 'string' }, results_count: { type: 'integer' } }, required: ['query'] } },
];

test('event names become function names in the SDK style of seed 004', () => {
  const cases: Array<[string, string]> = [
    ['project.created', 'ProjectCreated'],
    ['add_to_cart', 'AddToCart'],
    ['video-heartbeat', 'VideoHeartbeat'],
    ['userLogin', 'UserLogin'],
    ['3d.view', 'E3dView'],
    ['…', 'Event'],
  ];
  for (const [name, expected] of cases) assert.equal(pascalCase(name), expected, name);
});

test('JSON Schema maps to TypeScript types', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false }, '{\n  a: string;\n}'],
    [{ type: 'object', properties: { a: { type: 'integer' } } }, '{\n  /** integer */\n  a?: number;\n  [key: string]: unknown;\n}'],
    [{ type: 'object', additionalProperties: { type: 'number' } }, '{\n  [key: string]: number;\n}'],
    [{ type: 'object', additionalProperties: false }, 'Record<string, never>'],
    [{ type: 'object', properties: { a: { enum: ['x', 1, null] } }, additionalProperties: false }, '{\n  a?: "x" | 1 | null;\n}'],
    [{ type: 'object', properties: { a: { type: 'array', items: { type: ['string', 'null'] } } }, additionalProperties: false }, '{\n  a?: Array<string | null>;\n}'],
    [{ type: 'object', properties: { a: { $ref: '#' } }, additionalProperties: false }, '{\n  a?: {\n    a?: JsonValue;\n  };\n}'],
    [{ type: 'object', properties: { a: { allOf: [{ type: 'object', properties: { x: { type: 'string' } }, additionalProperties: false }, { type: 'object', properties: { y: { type: 'number' } }, additionalProperties: false }] } }, additionalProperties: false }, '{\n  a?: {\n    x?: string;\n  } & {\n    y?: number;\n  };\n}'],
  ];
  for (const [schema, expected] of cases) assert.equal(propertiesType(schema), expected, JSON.stringify(schema));
});

/** A throwaway project next to the generated module; node_modules links to the repo's, so `@tally/sdk` is the real package. */
function project(t: { after(fn: () => unknown): void }, files: Record<string, string>): string {
  const dir = tempDir('tally-codegen-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const compilerOptions = {
    target: 'es2024',
    lib: ['es2024', 'dom'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: ['node'],
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: Object.keys(files).filter((f) => f !== 'analytics.ts') }));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function tsc(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir, '--pretty', 'false'], { cwd: dir });
    return { code: 0, output: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: `${e.stdout}${e.stderr}` };
  }
}

const USAGE = `import { init } from '@tally/sdk';
import { trackProjectCreated, trackUserLogin, trackSearch, trackEvent } from './analytics.ts';

const client = init({ host: 'http://127.0.0.1:1', writeKey: 'k', appId: 'shop', storage: 'memory' });
trackProjectCreated(client, { title: 'E-commerce Platform', budget: 5000, project_type: 'fixed', is_featured: false, skills: ['React'], client: { id: 'c1', 'plan-tier': null }, coords: [1, 2], budget_split: { design: 2 }, price: { amount: 5, currency: 'EUR' } });
trackUserLogin(client, { provider: 'github', mfa_used: true });
trackUserLogin(client);
trackSearch(client, { query: 'react developer', results_count: 15 }, { timestamp: Date.now() });
trackEvent(client, 'search', { query: 'x' });
`;

test('generated tracking functions type-check against the real @tally/sdk and reject wrong properties at compile time', async (t) => {
  const analytics = generateTrackingPlan({ appId: 'shop', schemas: PLAN });
  const expectErrors = `
// @ts-expect-error budget must be a number
trackProjectCreated(client, { title: 'x', budget: '5000' });
// @ts-expect-error title is required
trackProjectCreated(client, { budget: 1 });
// @ts-expect-error the schema is closed (additionalProperties: false)
trackProjectCreated(client, { title: 'x', budget: 1, colour: 'red' });
// @ts-expect-error enum values only
trackProjectCreated(client, { title: 'x', budget: 1, project_type: 'weekly' });
// @ts-expect-error items are strings
trackProjectCreated(client, { title: 'x', budget: 1, skills: [1] });
// @ts-expect-error nested required property
trackProjectCreated(client, { title: 'x', budget: 1, client: {} });
// @ts-expect-error a closed tuple of two numbers
trackProjectCreated(client, { title: 'x', budget: 1, coords: [1, 2, 3] });
// @ts-expect-error a $ref'd type is checked too
trackProjectCreated(client, { title: 'x', budget: 1, price: { amount: 1, currency: 'USD' } });
// @ts-expect-error by name, with the plan's types
trackEvent(client, 'search', { query: 1 });
// @ts-expect-error only events of the plan
trackEvent(client, 'unknown.event', {});
`;
  const good = project(t, { 'analytics.ts': analytics, 'app.ts': USAGE + expectErrors });
  const ok = await tsc(good);
  assert.equal(ok.code, 0, ok.output);

  const bad = project(t, { 'analytics.ts': analytics, 'app.ts': `${USAGE}trackProjectCreated(client, { title: 'x', budget: 'lots' });\n` });
  const failed = await tsc(bad);
  assert.notEqual(failed.code, 0);
  const badLine = USAGE.split('\n').length;
  assert.match(failed.output, new RegExp(`app\\.ts\\(${badLine},\\d+\\): error TS2322: Type 'string' is not assignable to type 'number'`));
  assert.equal(failed.output.trim().split('\n').length, 1, failed.output);
});

test('tally codegen reads the registry from a running server (--url) or the embedded store', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({ ...KEEP_FOREVER, TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_PORT: '0', TALLY_METRICS_PORT: '0', TALLY_LOG_LEVEL: 'silent' });
  const tally = await startTally(config, { listen: true, logger: pino({ level: 'silent' }) });
  let fromServer: string;
  try {
    const { readKey } = await createApp(tally, 'shop');
    for (const s of PLAN) {
      const res = await tally.app.inject({ method: 'PUT', url: `/v1/schemas/${s.event_name}?app_id=shop`, headers: bearer(readKey), payload: { schema: s.schema } });
      assert.equal(res.statusCode, 201, res.body);
    }
    const out = path.join(dir, 'analytics.ts');
    await codegenCommand(config, ['--app', 'shop', '--out', out, '--url', `http://127.0.0.1:${tally.port}`, '--token', readKey]);
    fromServer = readFileSync(out, 'utf8');
    assert.match(fromServer, /export function trackProjectCreated\(client: Tracker, properties: ProjectCreatedProperties, options\?: TrackOptions\): void/);
    assert.match(fromServer, /export function trackUserLogin\(client: Tracker, properties: UserLoginProperties = \{\}/);
    assert.match(fromServer, /"search": 1,/);
    await assert.rejects(codegenCommand(config, ['--app', 'shop', '--url', `http://127.0.0.1:${tally.port}`, '--token', 'wrong-token']), /401/);
  } finally {
    await tally.close();
  }
  // the same plan from the embedded store, once no server holds the data directory
  let fromStore = '';
  await codegenCommand(config, ['--app', 'shop'], (text) => (fromStore += text));
  const body = (text: string) => text.split('\n').slice(3).join('\n');
  assert.match(fromStore, /export function trackProjectCreated/);
  assert.equal(body(fromStore), body(fromServer));
});

test('the tally codegen command runs from the CLI', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(dir, { recursive: true });
  const { stdout } = await run(process.execPath, [path.join(ROOT, 'src/cli.ts'), 'codegen', '--app', 'empty'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_LOG_LEVEL: 'silent' },
  });
  assert.match(stdout, /from the 0 registered schema\(s\) of app "empty"/);
  assert.match(stdout, /export type TrackingPlan = \{\n\};/);
});
