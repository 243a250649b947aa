import { Foundation1795000000000 } from './1795000000000-foundation';
import { IntakeAndCases1795100000000 } from './1795100000000-intake-and-cases';

/** Every migration, in order. Never edit one that has landed: add a new one. */
export const MIGRATIONS = [Foundation1795000000000, IntakeAndCases1795100000000];
