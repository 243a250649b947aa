import type { Locale, MenuLanguage, Role } from '@mayak/domain';
import type { EntityManager } from 'typeorm';

/** An office as sign-in describes it to the console. */
export interface AccountOffice {
  id: string;
  name: string;
  timezone: string;
}

/** A user account as sign-in sees it: who they are, how they prove it, and their offices. */
export interface Account {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  locale: Locale;
  languages: MenuLanguage[];
  /** Loaded only by the look-ups that check a password. */
  passwordHash?: string | null;
  /** Loaded only by the look-ups that check a second factor. */
  mfaSecretEncrypted?: string | null;
  mfaEnrolledAt: Date | null;
  offices: AccountOffice[];
}

export type ProfileChanges = Partial<Pick<Account, 'locale' | 'displayName' | 'languages'>>;

/**
 * The accounts sign-in works on. Core declares what it needs; the users module, which owns the
 * accounts, implements it (`UsersRepository`), and the application hands it to `AuthModule.register`.
 * Writes take the transaction they belong to, when there is one.
 */
export abstract class AccountStore {
  /** By e-mail (any case), with the password hash and second-factor secret. */
  abstract findForSignIn(email: string): Promise<Account | null>;
  /** With the second-factor secret. */
  abstract findWithSecret(id: string): Promise<Account | null>;
  /** With the password hash and second-factor secret, for a password given again inside a session. */
  abstract findForStepUp(id: string): Promise<Account | null>;
  abstract findWithOffices(id: string): Promise<Account | null>;
  abstract recordSignIn(id: string, at: Date, manager?: EntityManager): Promise<void>;
  abstract enrolSecondFactor(id: string, secretEncrypted: string, at: Date, manager: EntityManager): Promise<void>;
  abstract setPassword(id: string, passwordHash: string, at: Date, manager: EntityManager): Promise<void>;
  abstract updateProfile(id: string, changes: ProfileChanges, manager: EntityManager): Promise<void>;
}
