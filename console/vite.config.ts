// The console's build: React, output in console/dist (served by api/console-route.ts). In
// development (`npx vite` in console/) requests to the API are proxied to `npm start`'s port.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/graphql': 'http://localhost:4000', '/auth': 'http://localhost:4000' },
  },
});
