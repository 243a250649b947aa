#!/usr/bin/env node
// What a browser downloads before the login form can be shown, from the built console:
//   npm run bench:first-load            (--check: exit 1 when over the budget; npm test runs it)
// Reads dist/apps/web/index.html, follows its script, its module preloads and its stylesheets
// (and the sign-in part of the default language's texts, fetched before the first screen is drawn),
// and prints each file's size as built and compressed (gzip level 6, as nginx and the API send
// it, and brotli for reference) against the budget of 150 KB of compressed JavaScript.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '..', '..', 'dist', 'apps', 'web');
const BUDGET_KB = 150;

const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
const files = [...new Set([
  ...[...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]),
  ...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]),
  ...[...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]),
])].filter((path) => path.startsWith('/assets/'));
// The sign-in part of the default language's texts (Russian) is fetched before the first screen is drawn;
// the rest of them load with the console past the login form.
const language = readdirSync(join(ROOT, 'assets')).find((name) => /^_sign-in-texts-ru-[\w-]+\.js$/.test(name));
if (!language) throw new Error('no sign-in texts for Russian in dist/apps/web/assets: is the console built?');
if (language) files.push(`/assets/${language}`);

const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(7);
const rows = files.map((path) => {
  const bytes = readFileSync(join(ROOT, path));
  return {
    path,
    kind: path.endsWith('.css') ? 'css' : 'js',
    raw: statSync(join(ROOT, path)).size,
    gzip: gzipSync(bytes, { level: 6 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}).sort((a, b) => b.gzip - a.gzip);

console.log('Before the login form (dist/apps/web/index.html and what it preloads)\n');
console.log('     raw KB   gzip KB  brotli KB  file');
for (const r of rows) console.log(`${kb(r.raw)}   ${kb(r.gzip)}   ${kb(r.brotli)}  ${r.path}`);
for (const kind of ['js', 'css']) {
  const of = rows.filter((r) => r.kind === kind);
  const sum = (key) => of.reduce((total, r) => total + r[key], 0);
  console.log(`\n${kind.toUpperCase()}: ${of.length} files, ${kb(sum('raw')).trim()} KB raw, ${kb(sum('gzip')).trim()} KB gzip, ${kb(sum('brotli')).trim()} KB brotli`);
}
const js = rows.filter((r) => r.kind === 'js').reduce((total, r) => total + r.gzip, 0) / 1024;
console.log(`\nBudget: ${BUDGET_KB} KB of compressed JavaScript (gzip): ${js <= BUDGET_KB ? 'within' : `over by ${(js - BUDGET_KB).toFixed(1)} KB`}`);
// `--check` (npm test runs it after the build): a console over its budget fails the run.
if (process.argv.includes('--check') && js > BUDGET_KB) process.exit(1);
