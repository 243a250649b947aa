/**
 * What a context does when someone signs out. Core names no context: the application hands
 * `AuthModule.register` the module that provides this (telephony: an operator signed out of
 * every session is no longer offered ringing calls or queue callbacks).
 */
export abstract class SignOutHook {
  /** Called after the session is revoked; the user may still hold other sessions. */
  abstract signedOut(userId: string): Promise<void>;
}
