// `node --test sdk/test/` hands the directory to the module loader (Node 24 does not expand a
// directory argument into test files), which loads this file: import every test file so the
// whole suite runs. `npm test` at the root passes the glob `sdk/test/**/*.test.ts` instead and
// never loads this file.
import { readdirSync } from 'node:fs'

const files = readdirSync(import.meta.dirname).filter((file) => file.endsWith('.test.ts')).sort()
for (const file of files) await import(`./${file}`)
