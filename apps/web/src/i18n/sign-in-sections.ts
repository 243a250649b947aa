/**
 * The top-level sections of a language's texts that the sign-in screen draws from: the login form
 * waits for these (a few KB) and the rest of the console's texts load after, with the console itself.
 */
export const SIGN_IN_SECTIONS = ['app', 'auth', 'common', 'errors', 'fieldErrors'] as const;
