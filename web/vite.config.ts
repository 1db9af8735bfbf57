// The dashboard's build: static files in web/dist that `tally serve` serves at /. Pages are split
// into their own chunks (React.lazy) so the first load carries only the shell; ECharts comes with
// the pages that draw charts. `npm run dev -w web` proxies the API to a local `tally serve`.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = 'http://127.0.0.1:8001';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/v1': api, '/readyz': api, '/healthz': api, '/docs': api } },
});
