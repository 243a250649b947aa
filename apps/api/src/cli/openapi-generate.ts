import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument, createApiApp } from '../bootstrap/configure-app';

/** Writes the OpenAPI document the console's client is generated from (libs/api-client/openapi.json). */
async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const app = await createApiApp();
  const document = buildOpenApiDocument(app);
  const target = join(process.cwd(), 'libs/api-client/openapi.json');
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  console.log(`Wrote ${target}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
