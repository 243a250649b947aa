import type { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG } from '../core/config/config.module';
import { seedDemoCasework } from './demo-casework';
import { seedDemoData } from './demo-seed';

/** An application whose only answer is its configuration: the seeds must stop before touching anything else. */
const production = {
  get: (token: unknown) => {
    if (token === APP_CONFIG) return { nodeEnv: 'production' };
    throw new Error(`the seed asked for ${String(token)} in production`);
  },
} as unknown as INestApplicationContext;

describe('demo data', () => {
  it('is never loaded in production, users or casework', async () => {
    await expect(seedDemoData(production)).rejects.toThrow(/never loaded in production/);
    await expect(seedDemoCasework(production)).rejects.toThrow(/never loaded in production/);
  });
});
