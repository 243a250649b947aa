import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const apiTarget = process.env.MAYAK_API_URL ?? 'http://localhost:3000';
// Mantine's components and styles; not its form helper, which the login form uses without them.
const MANTINE = /[\\/]node_modules[\\/]@mantine[\\/](?!form[\\/])/;
const CHARTS =
  /[\\/]node_modules[\\/](@mantine[\\/]charts|recharts|victory-vendor|d3-[^\\/]+|internmap|es-toolkit|eventemitter3|decimal\.js-light|@reduxjs|redux|redux-thunk|react-redux|reselect|immer|tiny-invariant)[\\/]/;

/** The top-level sections of a language's texts the sign-in screen draws from (a test keeps it true). */
const SIGN_IN_SECTIONS: string[] = JSON.parse(readFileSync(here('src/i18n/sign-in-sections.json'), 'utf8'));

/**
 * `virtual:sign-in-texts/<locale>`: the sections of a language's texts the sign-in screen uses,
 * cut from the one `<locale>.json` translators edit, so the login form does not wait for the rest.
 */
function signInTexts(): Plugin {
  const PREFIX = 'virtual:sign-in-texts/';
  return {
    name: 'mayak-sign-in-texts',
    resolveId: (id) => (id.startsWith(PREFIX) ? `\0sign-in-texts-${id.slice(PREFIX.length)}` : null),
    load(id) {
      const match = /^\0sign-in-texts-(\w+)$/.exec(id);
      if (!match) return null;
      const file = here(`src/i18n/${match[1]}.json`);
      this.addWatchFile(file);
      const texts = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      return `export default ${JSON.stringify(Object.fromEntries(SIGN_IN_SECTIONS.map((section) => [section, texts[section]])))};`;
    },
  };
}

export default defineConfig({
  root: here('.'),
  cacheDir: here('../../node_modules/.vite/apps/web'),
  plugins: [react(), signInTexts()],
  resolve: {
    // Source aliases, so the console bundles the libraries' TypeScript directly (no lib build needed).
    alias: {
      '@mayak/domain': here('../../libs/domain/src/index.ts'),
      '@mayak/api-client': here('../../libs/api-client/src/index.ts'),
      '@web': here('src'),
    },
  },
  server: {
    port: 4200,
    host: 'localhost',
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    port: 4300,
    host: 'localhost',
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: here('../../dist/apps/web'),
    emptyOutDir: true,
    reportCompressedSize: false,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the console: a separate chunk stays cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|react-router|scheduler|react-is|use-sync-external-store)[\\/]/, priority: 20 },
            // Mantine's components and styles (the charts' styles too: App imports every Mantine stylesheet).
            { name: 'mantine', test: (id: string) => MANTINE.test(id) && (!CHARTS.test(id) || id.endsWith('.css')), priority: 15 },
            // Date fields' calendar and dayjs with its locales, loaded with the console past the login form (never in vendor).
            { name: 'dates', test: /[\\/]node_modules[\\/](dayjs|@mantine[\\/]dates)[\\/]/, priority: 19 },
            // Phone-number metadata (~150 kB) is needed only by the screens that check numbers (intake, case).
            { name: 'phone', test: /[\\/]node_modules[\\/]libphonenumber-js[\\/]/, priority: 18 },
            // Charts (recharts and what only it uses) are drawn by the dashboard alone: a chunk loaded with it, after
            // the groups above have taken React and Mantine, so it does not carry (or pull every page into) them.
            { name: 'charts', test: (id: string) => CHARTS.test(id) && !id.endsWith('.css'), priority: 12 },
            // Twilio's Voice SDK is loaded only on a Twilio line, when the softphone starts (a dynamic import).
            // Groups take their modules' dependencies along: the helpers it shares with the rest stay in vendor.
            { name: 'vendor', test: /[\\/]node_modules[\\/](tslib|events|loglevel)[\\/]/, priority: 17 },
            { name: 'voice', test: /[\\/]node_modules[\\/](@twilio[\\/]voice-sdk|@twilio[\\/]voice-errors)[\\/]/, priority: 16 },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
