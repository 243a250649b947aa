import { Foundation1795000000000 } from './1795000000000-foundation';

/** Every migration, in order. Never edit one that has landed: add a new one. */
export const MIGRATIONS = [Foundation1795000000000];
