// Builds the dashboard (web/ → web/dist) when it is missing or older than its sources; runs before
// `npm start` (the `prestart` script), so a fresh clone serves the dashboard after
// `npm install && npm start`. `npm run build -w web` always builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const WEB = path.resolve(import.meta.dirname, '../web');
const BUILT = path.join(WEB, 'dist/index.html');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function newestMs(p: string): number {
  if (!existsSync(p)) return 0;
  const info = statSync(p);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(p).map((name) => newestMs(path.join(p, name))));
}

const builtMs = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
const sourcesMs = Math.max(...SOURCES.map((s) => newestMs(path.join(WEB, s))));
if (builtMs >= sourcesMs) {
  console.log('dashboard: web/dist is up to date');
} else {
  console.log(builtMs === 0 ? 'dashboard: building web/dist (first start)…' : 'dashboard: sources changed, rebuilding web/dist…');
  const vite = path.resolve(import.meta.dirname, '../node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
