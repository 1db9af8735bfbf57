// The configuration registry, the loader and docs/configuration.md say the same thing: every
// variable read is declared, every declared variable is read, defaults and ranges are the
// registry's, and the generated doc is current.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { configRegistry, loadConfig, variables } from '../../src/config/index.ts';
import { TallyError } from '../../src/errors.ts';
import { renderConfigDoc } from '../../scripts/config-doc.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const declared = new Set(Object.keys(configRegistry));

function sourceFiles(dir: string, pattern = /\.tsx?$/): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p, pattern);
    return pattern.test(e.name) ? [p] : [];
  });
}

/** Variables the loader reads: every key it looks up in the environment it is given. */
function keysRead(env: Record<string, string> = {}): Set<string> {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') read.add(key);
      return target[key as string];
    },
  });
  loadConfig(recording);
  return read;
}

test('every environment variable read anywhere in src/ is declared in the registry', () => {
  const reads = new Map<string, string>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const code = readFileSync(file, 'utf8');
    const rel = path.relative(ROOT, file);
    for (const m of code.matchAll(/\benv(?:\?\.|\.)([A-Z][A-Z0-9_]+)\b|\benv\[\s*'([A-Z][A-Z0-9_]+)'\s*\]|\((?:env|environment), '([A-Z][A-Z0-9_]+)'/g)) {
      reads.set(m[1] ?? m[2] ?? m[3], rel);
    }
  }
  assert.ok(reads.size > 0, 'the scan finds the loader reads');
  for (const [name, file] of reads) assert.ok(declared.has(name), `${name} is read in ${file} but not declared in src/config/registry.ts`);
});

test('process.env is read only by the command line entry point', () => {
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const rel = path.relative(ROOT, file);
    if (rel === path.join('src', 'cli.ts')) continue;
    const code = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    assert.doesNotMatch(code, /process\.env\b/, `${rel} reads process.env; read configuration in src/config and pass it down`);
  }
});

test('the loader reads exactly the declared variables', () => {
  assert.deepEqual([...keysRead()].sort(), [...declared].sort());
  // and the same when a mapping file, a server store and Kafka ingest are configured
  assert.deepEqual([...keysRead({ TALLY_STORE: 'http://127.0.0.1:8123', TALLY_INGEST: 'kafka', TALLY_RETENTION: '' })].sort(), [...declared].sort());
});

test('integer defaults and ranges are the registry\'s', () => {
  for (const v of variables()) {
    if (v.type !== 'integer') continue;
    for (const bad of [String(v.min - 1), String(v.max + 1), 'x']) {
      assert.throws(
        () => loadConfig({ [v.name]: bad }),
        (err: unknown) => err instanceof TallyError && err.message.includes(`${v.name}=${JSON.stringify(bad)}: expected an integer from ${v.min} to ${v.max}`),
        `${v.name}=${bad}`,
      );
    }
    // the bounds themselves are accepted
    loadConfig({ [v.name]: String(v.min) });
  }
});

test('the built-in defaults are the documented ones', () => {
  const c = loadConfig({}, '/srv');
  const r = configRegistry;
  assert.equal(c.port, r.TALLY_PORT.default);
  assert.equal(c.batchSize, r.BATCH_SIZE.default);
  assert.equal(c.rawQuery.maxMemoryBytes, r.TALLY_QUERY_MAX_MEMORY_BYTES.default);
  assert.equal(c.kafka.sessionTimeoutMs, r.KAFKA_SESSION_TIMEOUT_MS.default);
  assert.equal(c.rateLimits.writeBurst, r.TALLY_RATE_LIMIT_WRITE_BURST.default);
  assert.equal(c.rateLimits.readBurst, r.TALLY_RATE_LIMIT_READ_BURST.default);
  assert.equal(c.logLevel, r.TALLY_LOG_LEVEL.default);
  assert.equal(c.privacy.storeUserAgent, r.TALLY_STORE_USER_AGENT.default);
  assert.equal(c.dataDir, path.resolve('/srv', r.TALLY_DATA_DIR.default));
});

test('every variable has a group, a description and a stated form', () => {
  for (const v of variables()) {
    // OTEL_*: OpenTelemetry's standard names
    assert.match(v.name, /^(TALLY|KAFKA|OTEL)_[A-Z0-9_]+$|^(BATCH_SIZE|FLUSH_INTERVAL_MS)$/, v.name);
    assert.ok(v.description.length > 10, `${v.name} has a description`);
    if (v.type === 'integer') assert.ok(v.min <= v.default && (v.defaultText !== undefined || v.default <= v.max), `${v.name} default within its range`);
    if (v.type === 'enum') assert.ok(v.allowed.includes(v.default), `${v.name} default is allowed`);
  }
});

test('docs/configuration.md is generated from the registry (run `npm run docs:config`)', () => {
  const doc = readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');
  assert.ok(doc === renderConfigDoc(), 'docs/configuration.md is stale: run `npm run docs:config`');
  for (const name of declared) assert.ok(doc.includes(`| \`${name}\` |`), `${name} documented`);
});

test('the README and docs/ mention no configuration variable that does not exist', () => {
  // the development services (scripts/kafka, scripts/postgres, …) have settings of their own
  const devScripts = sourceFiles(path.join(ROOT, 'scripts'), /\.sh$/).map((f) => readFileSync(f, 'utf8')).join('\n');
  const files = [path.join(ROOT, 'README.md'), ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, 'docs', f))];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/`((?:TALLY|KAFKA)_[A-Z0-9_]*[A-Z0-9])(?:=[^`]*)?`/g)) {
      const name = m[1];
      if (name.startsWith('TALLY_ERR_') || new RegExp(`\\b${name}\\b`).test(devScripts)) continue;
      assert.ok(declared.has(name), `${path.relative(ROOT, file)} mentions ${name}, which Tally does not read`);
    }
  }
});

test("the README's configuration table lists the common variables and points to the full list", () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
  const listed = new Set([...section.matchAll(/^\| (.+?) \|/gm)].flatMap((m) => [...m[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((n) => n[1])));
  const common = variables().filter((v) => v.common).map((v) => v.name);
  assert.deepEqual([...listed].sort(), [...common].sort());
  assert.match(section, /docs\/configuration\.md/);
});
