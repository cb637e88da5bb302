// Builds the dashboard into dist/ (a static site) and serves it on loopback: scripts/dashboard.sh.
import { defineConfig } from 'vite';

export default defineConfig({
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { host: '127.0.0.1', port: 8090, strictPort: true },
  preview: { host: '127.0.0.1', port: 8090, strictPort: true },
});
