import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, rewriteSpecifiers } from '../scripts/build.ts'
import { startBatchServer } from './helpers/batch-server.ts'

test('import specifiers ending in .ts are rewritten to .js, others left alone', () => {
  const source = [
    "import { a } from './a.ts'",
    'export { b } from "../b.ts"',
    "export * from './c.ts'",
    "import './side-effect.ts'",
    "const lazy = await import('./lazy.ts')",
    "import { readFile } from 'node:fs/promises'",
    "const text = 'not an import: ./x.ts'"
  ].join('\n')
  assert.equal(rewriteSpecifiers(source), [
    "import { a } from './a.js'",
    'export { b } from "../b.js"',
    "export * from './c.js'",
    "import './side-effect.js'",
    "const lazy = await import('./lazy.js')",
    "import { readFile } from 'node:fs/promises'",
    "const text = 'not an import: ./x.ts'"
  ].join('\n'))
})

test('the built dist/ is plain JavaScript that loads as ES modules and delivers events', async (t) => {
  const outDir = await mkdtemp(join(tmpdir(), 'tally-sdk-dist-'))
  t.after(() => rm(outDir, { recursive: true, force: true }))
  await build(outDir)
  const files = (await readdir(outDir)).sort()
  assert.ok(files.includes('index.js') && files.every((file) => file.endsWith('.js')), files.join(', '))
  for (const file of files) {
    const code = await readFile(join(outDir, file), 'utf8')
    assert.doesNotMatch(code, /from\s+['"][^'"]+\.ts['"]/, `${file} imports .ts`)
    assert.doesNotMatch(code, /^\s*import type/m, `${file} keeps type imports`)
  }

  // Loaded from a .js file outside any TypeScript handling: this is what a browser gets.
  const sdk = await import(pathToFileURL(join(outDir, 'index.js')).href) as typeof import('../src/index.ts')
  assert.match(sdk.uuidv7(), /^[0-9a-f]{8}-[0-9a-f]{4}-7/)
  const server = await startBatchServer(t)
  const client = sdk.init({ host: server.url, writeKey: server.writeKey, appId: 'app_test', storage: 'memory' })
  client.track('built')
  await client.shutdown()
  assert.deepEqual(server.storedNames(), ['built'])
})
