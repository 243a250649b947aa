import { Secret, TOTP } from 'otpauth';

/** What an authenticator app would show for this secret, `offsetSteps` periods from the application's now. */
export function totpCode(secret: string, clock: { now(): Date }, offsetSteps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.generate({ timestamp: clock.now().getTime() + offsetSteps * 30_000 });
}
