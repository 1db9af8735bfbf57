// State in a JSON file, so a restarted Node process re-sends what it had not delivered.
// Every write is atomic: a temp file next to the target is written, fsynced and renamed over it,
// so a crash leaves either the old or the new state, never half of one. Writes are serialised and
// coalesced (only the newest pending state is written). One client per file: two processes
// writing the same file overwrite each other's queue.
// Node's fs is reached through process.getBuiltinModule (Node ≥ 22.3), not an import, so this
// module still loads in browsers, where it is never called.

import type * as Fs from 'node:fs'
import type * as Path from 'node:path'
import type { PersistedState } from './state.ts'
import type { StateStore } from './storage.ts'
import { parseState } from './state.ts'
import { uuidv4 } from './uuid.ts'

type NodeProcess = { getBuiltinModule?: (id: string) => unknown }

function nodeModules (): { fs: typeof Fs, path: typeof Path } {
  const proc = (globalThis as { process?: NodeProcess }).process
  if (typeof proc?.getBuiltinModule !== 'function') {
    throw new Error('storage { file } needs Node.js ≥ 22.3 (process.getBuiltinModule)')
  }
  return {
    fs: proc.getBuiltinModule('node:fs') as typeof Fs,
    path: proc.getBuiltinModule('node:path') as typeof Path
  }
}

export function createFileStore (file: string): StateStore {
  const { fs, path } = nodeModules()
  const target = path.resolve(file)
  let pendingJson: string | undefined
  let writing: Promise<void> | undefined

  async function writeAtomically (json: string): Promise<void> {
    await fs.promises.mkdir(path.dirname(target), { recursive: true })
    const temp = `${target}.${uuidv4().slice(0, 8)}.tmp`
    try {
      const handle = await fs.promises.open(temp, 'w', 0o600)
      try {
        await handle.writeFile(json, 'utf8')
        await handle.sync()
      } finally {
        await handle.close()
      }
      await fs.promises.rename(temp, target)
    } catch (error) {
      await fs.promises.rm(temp, { force: true }).catch(() => {})
      throw error
    }
  }

  async function writeLoop (): Promise<void> {
    try {
      while (pendingJson !== undefined) {
        const json = pendingJson
        pendingJson = undefined
        await writeAtomically(json)
      }
    } finally {
      writing = undefined
    }
  }

  return {
    kind: 'file',
    load () {
      let text: string
      try {
        text = fs.readFileSync(target, 'utf8')
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ENOENT') return undefined
        throw error
      }
      return parseState(JSON.parse(text))
    },
    save (state: PersistedState) {
      pendingJson = JSON.stringify(state)
      writing ??= writeLoop()
      return writing
    }
  }
}
