import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const reportDir = process.env.RELATA_REPORT_DIR;

/**
 * The web app: built to apps/web/dist (served by the API in production); in development Vite serves
 * it on :5173 and proxies `/api` to the API on :3000, so the session cookie stays same-origin.
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            // Libraries only lazy pages use stay in chunks of their own, so the first screen never loads them.
            // (not their dependencies recursively: those shared with the first screen, such as
            // @mantine/core, stay where they are).
            {
              name: 'calendar',
              test: /node_modules[\\/](@fullcalendar|preact)[\\/]/,
              priority: 20,
              includeDependenciesRecursively: false,
            },
            {
              name: 'editor',
              test: /node_modules[\\/](@tiptap|prosemirror-[a-z-]+|@mantine[\\/]tiptap|linkifyjs|orderedmap|rope-sequence|w3c-keyname)[\\/]/,
              priority: 20,
              includeDependenciesRecursively: false,
            },
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|d3-[a-z-]+|victory-vendor|@mantine[\\/]charts|decimal\.js-light|@reduxjs|react-redux|redux|reselect|immer|internmap|eventemitter3)[\\/]/,
              priority: 20,
              includeDependenciesRecursively: false,
            },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    testTimeout: 15_000,
    // CI collects JSON results (RELATA_REPORT_DIR) to print one "N passed, N failed" line.
    reporters: reportDir ? ['default', 'json'] : ['default'],
    ...(reportDir ? { outputFile: { json: `${reportDir}/${process.env.RELATA_REPORT_LABEL ?? 'run'}-web.json` } } : {}),
  },
});
