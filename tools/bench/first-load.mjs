#!/usr/bin/env node
// What a browser downloads before the login form can be shown, from the built console:
//   npm run bench:first-load
//   node tools/bench/first-load.mjs --check   (npm test: builds a production console of its own in a
//                                               temporary folder, whatever NODE_ENV the run has, and
//                                               exits 1 when it is over the budget)
// Reads dist/apps/web/index.html, follows its script, its module preloads and its stylesheets
// (and the sign-in part of the default language's texts, fetched before the first screen is drawn),
// and prints each file's size as built and compressed (gzip level 6, as nginx and the API send
// it, and brotli for reference) against the budget of 150 KB of compressed JavaScript.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const REPO = join(import.meta.dirname, '..', '..');
const BUDGET_KB = 150;
const check = process.argv.includes('--check');

// A test run builds with NODE_ENV=test (React's development build): the check measures what production serves.
const ROOT = check ? mkdtempSync(join(tmpdir(), 'mayak-first-load-')) : join(REPO, 'dist', 'apps', 'web');
if (check) {
  process.on('exit', () => rmSync(ROOT, { recursive: true, force: true }));
  const built = spawnSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--outDir', ROOT, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
const files = [
  ...new Set([
    ...[...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]),
  ]),
].filter((path) => path.startsWith('/assets/'));
// The sign-in part of the default language's texts (Russian) is fetched before the first screen is drawn;
// the rest of them load with the console past the login form.
const language = readdirSync(join(ROOT, 'assets')).find((name) => /^_sign-in-texts-ru-[\w-]+\.js$/.test(name));
if (!language) throw new Error(`no sign-in texts for Russian in ${ROOT}/assets: is the console built?`);
if (language) files.push(`/assets/${language}`);

const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(7);
const rows = files
  .map((path) => {
    const bytes = readFileSync(join(ROOT, path));
    return {
      path,
      kind: path.endsWith('.css') ? 'css' : 'js',
      raw: statSync(join(ROOT, path)).size,
      gzip: gzipSync(bytes, { level: 6 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  })
  .sort((a, b) => b.gzip - a.gzip);

console.log('Before the login form (dist/apps/web/index.html and what it preloads)\n');
console.log('     raw KB   gzip KB  brotli KB  file');
for (const r of rows) console.log(`${kb(r.raw)}   ${kb(r.gzip)}   ${kb(r.brotli)}  ${r.path}`);
for (const kind of ['js', 'css']) {
  const of = rows.filter((r) => r.kind === kind);
  const sum = (key) => of.reduce((total, r) => total + r[key], 0);
  console.log(
    `\n${kind.toUpperCase()}: ${of.length} files, ${kb(sum('raw')).trim()} KB raw, ${kb(sum('gzip')).trim()} KB gzip, ${kb(sum('brotli')).trim()} KB brotli`,
  );
}
const js = rows.filter((r) => r.kind === 'js').reduce((total, r) => total + r.gzip, 0) / 1024;
console.log(`\nBudget: ${BUDGET_KB} KB of compressed JavaScript (gzip): ${js <= BUDGET_KB ? 'within' : `over by ${(js - BUDGET_KB).toFixed(1)} KB`}`);
if (check && js > BUDGET_KB) process.exit(1);
