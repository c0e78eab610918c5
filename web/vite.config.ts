import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The build runs from the repo root (`vite build --config web/vite.config.ts`),
// so every path is resolved relative to this file, not to the current directory.
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.SKIT_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  css: {
    postcss: webRoot,
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks: they change far less often than the app code.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/, priority: 30 },
            // Only the pages that use them load these (their routes are lazy).
            { name: 'fullcalendar', test: /node_modules[\\/](@fullcalendar|temporal-polyfill)[\\/]/, priority: 25 },
            { name: 'dnd', test: /node_modules[\\/]@dnd-kit[\\/]/, priority: 25 },
            { name: 'mantine-dates', test: /node_modules[\\/](@mantine[\\/]dates|dayjs)[\\/]/, priority: 25 },
            { name: 'mantine', test: /node_modules[\\/](@mantine|@floating-ui|react-remove-scroll|react-number-format|clsx)/, priority: 20 },
            { name: 'vendor', test: /node_modules/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
});
