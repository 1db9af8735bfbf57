// `/tally.js`: the one-line script (sdk/src/script-tag.ts) bundled and minified in memory, once per
// process, the first time it is asked for. Bundling at run time keeps the served file the SDK's
// current source with no build step to forget; bundling and compressing take about 300 ms, the compression in a worker thread. The SDK's
// Node-only file store is left out (a browser never selects it).

import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build, type Plugin } from 'esbuild';

export type ScriptBundle = { readonly code: Buffer; readonly gzip: Buffer; readonly etag: string };

const ENTRY = fileURLToPath(new URL('../../sdk/src/script-tag.ts', import.meta.url));
/** The published bound for the script's transfer size (6 kB); a test holds the bundle to it. */
export const SCRIPT_GZIP_LIMIT_BYTES = 6000;

/**
 * Internal property names shortened in the bundle (about 5% of its gzip size). Only names that never
 * leave the script: options, stats, internal interfaces. Wire fields (`event_id`, …), persisted state
 * (`anonymousId`, `queue`, …) and browser APIs (`keepalive`, `remove`, …) must never be listed.
 */
const INTERNAL_PROPS = ['flushAt', 'flushIntervalMs', 'maxBatchEvents', 'maxQueueEvents', 'sessionTimeoutMs', 'retryBaseDelayMs', 'maxRetryDelayMs', 'requestTimeoutMs', 'onRejected', 'onError', 'queueChanged', 'eventsQueued', 'sendKeepalive', 'deliveredIds', 'retryAfterMs', 'eventCount', 'canRetry', 'retryInMs', 'deliveredEvents', 'rejectedEvents', 'failedEvents', 'droppedEvents', 'queuedEvents', 'defaultContext', 'eventName', 'nowMs', 'baseDelayMs', 'maxDelayMs', 'maxEvents', 'timeoutMs', 'newId', 'hashRouting', 'outboundLinks', 'fileExtensions', 'pageviews', 'problem', 'snapshot', 'touch', 'kind', 'store', 'report', 'transport', 'stats', 'started', 'ended', 'onHidden', 'onOnline', 'eventId', 'sessionId', 'appId', 'writeKey', 'initial', 'random', 'mode', 'options', 'load', 'save', 'head'];

const browserOnly: Plugin = {
  name: 'browser-only',
  setup(b) {
    b.onResolve({ filter: /\/file-storage\.ts$/ }, () => ({ path: 'file-storage', namespace: 'browser-only' }));
    b.onLoad({ filter: /.*/, namespace: 'browser-only' }, () => ({
      contents: "export function createFileStore () { throw new Error('file storage is not available in browsers') }",
      loader: 'ts',
    }));
  },
};

export async function bundleScript(): Promise<ScriptBundle> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2023'],
    legalComments: 'none',
    mangleProps: new RegExp(`^(?:${INTERNAL_PROPS.join('|')})$`),
    write: false,
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
    logLevel: 'silent',
    plugins: [browserOnly],
  });
  const code = Buffer.from(result.outputFiles[0].contents);
  // Zopfli: a gzip stream any client decodes, 2–4% smaller than zlib's level 9 (about 100 ms, once).
  const gzip = await zopfliGzip(code);
  return { code, gzip, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
}

function zopfliGzip(input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./script-gzip-worker.ts', import.meta.url), { workerData: input });
    worker.once('message', (out: Uint8Array) => {
      resolve(Buffer.from(out));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the compression worker exited (${code}) without an answer`)));
  });
}

/** The bundle, built on first use; a failed build is retried on the next call. */
export function scriptBundleCache(): () => Promise<ScriptBundle> {
  let pending: Promise<ScriptBundle> | undefined;
  return () => {
    pending ??= bundleScript().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
