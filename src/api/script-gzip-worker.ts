// Runs in a worker thread (see script-bundle.ts): Zopfli-gzips the bytes it is given and posts
// the result back. A thread of its own keeps the compression (about 100 ms of CPU) off the event
// loop, and keeps the process-wide handlers the compressor's WebAssembly runtime installs when it
// loads (`uncaughtException`, `unhandledRejection`) out of the server's process.

import { parentPort, workerData } from 'node:worker_threads';
import { gzipAsync } from '@gfx/zopfli';

const input = workerData as Uint8Array;
parentPort?.postMessage(await gzipAsync(input, { numiterations: 15 }));
