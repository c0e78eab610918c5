import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Brotli and gzip files next to every text asset of the build (index.html, JS, CSS,
 * SVG…), at the highest levels: the server sends them as they are (ADR 0019), so
 * nothing is compressed at request time. Source maps and files under 1 kB are left out.
 */
function preCompress(): Plugin {
  let outDir = '';
  return {
    name: 'skit-pre-compress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await fs.readdir(outDir, { recursive: true })).filter((f) => /\.(html|js|css|svg|json|txt|webmanifest)$/.test(f));
      await Promise.all(
        files.map(async (file) => {
          const full = path.join(outDir, file);
          const body = await fs.readFile(full);
          if (body.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(body, {
              params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
            }),
            gzip(body, { level: zlib.constants.Z_BEST_COMPRESSION }),
          ]);
          await Promise.all([fs.writeFile(`${full}.br`, br), fs.writeFile(`${full}.gz`, gz)]);
        }),
      );
    },
  };
}

// The build runs from the repo root (`vite build --config web/vite.config.ts`),
// so every path is resolved relative to this file, not to the current directory.
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.SKIT_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), preCompress()],
  css: {
    postcss: webRoot,
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // One long-lived vendor chunk: React and its router, which every page needs and
        // which change far less often than the app code. Everything else (Mantine, the
        // icons, FullCalendar, @mantine/dates, @dnd-kit…) is split by the bundler along the
        // lazy routes, so that a page loads the components it uses and no more. A group
        // for a library used by lazy pages would pull the library whole (and, through its
        // dependencies, parts of others) into the first load (ADR 0019).
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/, priority: 30 }],
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
