#!/usr/bin/env node
// Lints an OpenAPI document with Redocly's recommended rules: `node tools/openapi-lint.mjs
// [file or URL]` (default: the committed libs/api-client/openapi.json). Prints every error and
// warning and exits 1 when there is an error. The platform suite runs it on the served document.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { readFileSync } from 'node:fs';

const where = process.argv[2] ?? 'libs/api-client/openapi.json';
const source = /^https?:\/\//.test(where) ? await (await fetch(where)).text() : readFileSync(where, 'utf8');
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source, absoluteRef: where, config });
const errors = problems.filter((p) => p.severity === 'error');
const warnings = problems.filter((p) => p.severity === 'warn');
for (const p of [...errors, ...warnings]) console.log(`${p.severity} ${p.ruleId} ${p.location?.[0]?.pointer ?? ''}: ${p.message}`);
console.log(`${where}: ${errors.length} errors, ${warnings.length} warnings`);
process.exit(errors.length ? 1 : 0);
