import { Injectable } from '@nestjs/common';
import { SignOutHook } from '#api/core/auth/sign-out-hook';
import { PresenceRepository } from './presence.repository';

/** Signed out everywhere: the operator is away (a session left open elsewhere keeps them as they were). */
@Injectable()
export class PresenceSignOut extends SignOutHook {
  constructor(private readonly presence: PresenceRepository) {
    super();
  }

  async signedOut(userId: string): Promise<void> {
    await this.presence.markAwayWithoutSession(userId);
  }
}
