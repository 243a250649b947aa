import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The web chat widget: one small script of its own (no React, no Mantine), next to the console's files. */
export default defineConfig({
  root: here('.'),
  cacheDir: here('../../../node_modules/.vite/apps/webchat'),
  publicDir: false,
  build: {
    outDir: here('../../../dist/apps/web/webchat'),
    // The console's build (run first) empties dist/apps/web and copies the demo page here.
    emptyOutDir: false,
    reportCompressedSize: false,
    sourcemap: true,
    lib: { entry: here('widget.ts'), formats: ['iife'], name: 'MayakWebchat', fileName: () => 'widget.js' },
  },
});
