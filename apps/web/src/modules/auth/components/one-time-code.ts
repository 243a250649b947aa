/** What every field for a six-digit code from the authenticator app shares (a space in the middle is allowed). */
export const ONE_TIME_CODE_FIELD = { name: 'code', inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: 7, required: true } as const;
