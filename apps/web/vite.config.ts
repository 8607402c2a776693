import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the API runs on :3000; Vite forwards tRPC's HTTP and WebSocket traffic to it so
// the dashboard and the API share one origin, as they do in production (the API serves dist/).
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/trpc': { target: 'http://localhost:3000', ws: true, changeOrigin: false },
    },
  },
  build: { sourcemap: true },
});
