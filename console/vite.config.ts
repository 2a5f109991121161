import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
// `npm run dev:console` proxies the APIs to a running `tollgate serve` or `npm run demo`.
const gateway = process.env.TOLLGATE_CONSOLE_DEV_TARGET ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: Object.fromEntries(['/console/api', '/admin', '/portal', '/v1'].map((path) => [path, { target: gateway, changeOrigin: false }])),
  },
});
