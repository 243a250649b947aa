import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
const env = require('./test-env') as { adminUrl: string; dbUrl: (name: string) => string; templateName: () => string; prefix: () => string };

export interface TestDatabase {
  name: string;
  url: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: env.adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A private copy of the migrated template: milliseconds, and nothing leaks between files.
 * `empty` gives a database with no schema at all (what a restore starts from).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `${env.prefix()}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${options.empty ? 'template0' : env.templateName()}"`));
  const url = env.dbUrl(name);
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    name,
    url,
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
    drop: async () => {
      await client.end().catch(() => undefined);
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

export function testKeyPrefix(): string {
  return `${env.prefix()}:${randomBytes(4).toString('hex')}`;
}
