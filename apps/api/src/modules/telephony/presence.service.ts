import { Injectable } from '@nestjs/common';
import { consoleIdentity } from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import { Clock } from '#api/core/clock/clock';
import { fieldInvalid } from '#api/core/errors/domain-error';
import { IdentifierVault } from '../people/identifier-vault';
import type { OperatorPresence } from './operator-presence.entity';
import { PresenceRepository } from './presence.repository';
import type { RingTarget } from './twiml';
import { Encrypted } from '#api/core/crypto/encrypted-columns';

export interface PresenceView {
  status: 'available' | 'busy' | 'wrap_up' | 'away';
  wrapUpUntil: string | null;
  ringTarget: { kind: 'console' | 'phone' | 'sip'; address: string | null };
  updatedAt: string | null;
}

const SIP_URI = /^sips?:[^\s@]+@[^\s@]+$/;

/** Who takes calls now, and where their calls ring. */
@Injectable()
export class PresenceService {
  constructor(
    private readonly presence: PresenceRepository,
    private readonly vault: IdentifierVault,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(userId: string, m?: EntityManager): Promise<OperatorPresence | null> {
    return this.presence.find(userId, m);
  }

  view(row: OperatorPresence | null): PresenceView {
    if (!row) return { status: 'away', wrapUpUntil: null, ringTarget: { kind: 'console', address: null }, updatedAt: null };
    const wrappingUp = row.status === 'wrap_up' && !!row.wrapUpUntil && row.wrapUpUntil.getTime() > this.clock.nowMs();
    return {
      status: row.status === 'wrap_up' && !wrappingUp ? 'available' : (row.status as PresenceView['status']),
      wrapUpUntil: wrappingUp ? row.wrapUpUntil!.toISOString() : null,
      ringTarget: {
        kind: row.ringTargetKind as RingTarget['kind'],
        address: row.ringTargetEncrypted ? this.vault.decrypt(row.ringTargetEncrypted, Encrypted.presenceRingTarget.at(row.userId)) : null,
      },
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async set(
    actor: Actor,
    input: { status: 'available' | 'away'; ringTarget?: { kind: 'console' | 'phone' | 'sip'; address?: string | null } },
  ): Promise<PresenceView> {
    const current = await this.get(actor.userId);
    let kind = (current?.ringTargetKind ?? 'console') as RingTarget['kind'];
    let encrypted = current?.ringTargetEncrypted ?? null;
    if (input.ringTarget) {
      kind = input.ringTarget.kind;
      const address = input.ringTarget.address?.trim() || null;
      if (kind === 'console') encrypted = null;
      else if (!address) throw fieldInvalid('ringTarget.address', 'required', 'Give the phone number or SIP address your calls should ring');
      else if (kind === 'phone')
        encrypted = this.vault.encrypt(this.vault.phone(address, 'ringTarget.address').e164, Encrypted.presenceRingTarget.at(actor.userId));
      else if (!SIP_URI.test(address) || address.length > 200)
        throw fieldInvalid('ringTarget.address', 'invalid_sip', 'A SIP address looks like sip:name@pbx.example.org');
      else encrypted = this.vault.encrypt(address, Encrypted.presenceRingTarget.at(actor.userId));
    }
    const row = await this.presence.transaction(async (m) => {
      // "Available" during a call keeps "busy": nobody is offered calls mid-call; the call's end frees them.
      // During wrap-up it is "ready": the operator ends their after-call work early.
      await this.presence.saveChosen(m, { userId: actor.userId, status: input.status, ringTargetKind: kind, ringTargetEncrypted: encrypted });
      await this.audit.record(
        { action: AuditAction.PresenceChanged, entityType: 'user', entityId: actor.userId, summary: { status: input.status, ringTarget: kind } },
        m,
      );
      return this.get(actor.userId, m);
    });
    return this.view(row);
  }

  /** On a call now (or free again): set by the system, never by a form. */
  async markBusy(m: EntityManager, userId: string, busy: boolean): Promise<void> {
    if (busy) await this.presence.markBusy(m, userId);
    else await this.presence.releaseBusy(m, userId);
  }

  /**
   * A call of theirs ended: after-call work, out of the ring for the office's wrap-up time
   * (or at once available when the office sets none). Only from "busy": an operator who went
   * away meanwhile stays away.
   */
  async startWrapUp(m: EntityManager, userId: string, officeId: string): Promise<void> {
    await this.presence.startWrapUp(m, userId, officeId);
  }

  /** The operator completed the call's contact: their after-call work is done. */
  async endWrapUp(userId: string, m?: EntityManager): Promise<boolean> {
    return this.presence.endWrapUp(userId, m);
  }

  /** Where this user's calls ring: their console unless they set a phone or SIP address. */
  async ringTargetOf(userId: string, m?: EntityManager): Promise<RingTarget> {
    const row = await this.get(userId, m);
    if (!row || row.ringTargetKind === 'console' || !row.ringTargetEncrypted) return { kind: 'console', address: consoleIdentity(userId) };
    return { kind: row.ringTargetKind as 'phone' | 'sip', address: this.vault.decrypt(row.ringTargetEncrypted, Encrypted.presenceRingTarget.at(row.userId)) };
  }

  /** Which languages the available call-takers of these offices speak, as `office id:language`. */
  async languagesAvailable(officeIds: string[], m?: EntityManager): Promise<Set<string>> {
    if (!officeIds.length) return new Set();
    return new Set(await this.presence.languagesAvailable(officeIds, m));
  }

  /** Active users of an office who take calls and are available now (the ones a ringing call is offered to). */
  async availableIn(officeId: string, m?: EntityManager): Promise<string[]> {
    return this.presence.availableIn(officeId, m);
  }

  /** Everyone in an office who follows the line: available and busy operators, and the office's supervisors. */
  async watchersOf(officeId: string, m?: EntityManager): Promise<string[]> {
    return this.presence.watchersOf(officeId, m);
  }
}
