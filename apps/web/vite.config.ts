import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the API runs on :3000 (or ITAM_API_URL); Vite forwards tRPC's HTTP and WebSocket
// traffic to it so the dashboard and the API share one origin, as they do in production (the API
// serves dist/). The Host header is kept, so the API's same-origin check on WebSockets passes.
const api = process.env.ITAM_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/trpc': { target: api, ws: true, changeOrigin: false },
      // CSV export and import (the dashboard's own /import page stays with Vite).
      '/export/': { target: api, changeOrigin: false },
      '^/import/[^/]+\\.csv': { target: api, changeOrigin: false },
      '/api': { target: api },
      '/openapi.json': { target: api },
      '/docs': { target: api },
    },
  },
  // The manifest tells scripts/check-budget.mjs which chunks the first page loads.
  build: { sourcemap: true, manifest: true },
});
