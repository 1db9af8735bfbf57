// Builds the browser-loadable form of the SDK: every `src/*.ts` becomes `dist/*.js` with its types
// stripped by Node's own stripper (erasable syntax only, so stripping is the whole compilation and
// line/column positions stay the same) and its relative `.ts` import specifiers rewritten to `.js`.
// No bundler, no dependencies. `dist/` is build output and is not committed.
//
//   node scripts/build.ts [--out <dir>]     (default: sdk/dist)

import { stripTypeScriptTypes } from 'node:module'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const sdkDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const srcDir = join(sdkDir, 'src')

/** Relative specifiers ending in .ts in static imports/exports, side-effect imports and import(). */
const TS_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]+?)\.ts\2/g

export function rewriteSpecifiers (code: string): string {
  return code.replace(TS_SPECIFIER, (_match, lead: string, quote: string, path: string) => `${lead}${quote}${path}.js${quote}`)
}

export async function build (outDir: string): Promise<string[]> {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const written: string[] = []
  const files = (await readdir(srcDir, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  for (const file of files.sort()) {
    const source = await readFile(join(srcDir, file), 'utf8')
    const code = rewriteSpecifiers(stripTypeScriptTypes(source, { mode: 'strip' }))
    const left = code.match(/['"]\.{1,2}\/[^'"\n]+\.ts['"]/)
    if (left !== null) throw new Error(`${file}: import specifier ${left[0]} was not rewritten`)
    const target = join(outDir, file.replace(/\.ts$/, '.js'))
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, `${code.trimEnd()}\n// Generated from src/${file} by scripts/build.ts; do not edit.\n`)
    written.push(target)
  }
  return written
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } })
  const outDir = resolve(values.out ?? join(sdkDir, 'dist'))
  const written = await build(outDir)
  console.log(`built ${written.length} files into ${relative(process.cwd(), outDir) || '.'}`)
}
