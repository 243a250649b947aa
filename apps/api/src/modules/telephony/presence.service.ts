import { Injectable } from '@nestjs/common';
import { consoleIdentity } from '@mayak/domain';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/context/request-context';
import { Clock } from '../../core/clock/clock';
import { fieldInvalid } from '../../core/errors/domain-error';
import { IdentifierVault } from '../people/identifier-vault';
import { OperatorPresence } from './operator-presence.entity';
import type { RingTarget } from './twiml';
import { Encrypted } from '../../core/crypto/encrypted-columns';

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
    @InjectDataSource() private readonly dataSource: DataSource, private readonly vault: IdentifierVault, private readonly audit: AuditService, private readonly clock: Clock,
  ) {}

  async get(userId: string, m: EntityManager = this.dataSource.manager): Promise<OperatorPresence | null> {
    return m.getRepository(OperatorPresence).findOneBy({ userId });
  }

  view(row: OperatorPresence | null): PresenceView {
    if (!row) return { status: 'away', wrapUpUntil: null, ringTarget: { kind: 'console', address: null }, updatedAt: null };
    const wrappingUp = row.status === 'wrap_up' && !!row.wrapUpUntil && row.wrapUpUntil.getTime() > this.clock.nowMs();
    return {
      status: row.status === 'wrap_up' && !wrappingUp ? 'available' : (row.status as PresenceView['status']),
      wrapUpUntil: wrappingUp ? row.wrapUpUntil!.toISOString() : null,
      ringTarget: { kind: row.ringTargetKind as RingTarget['kind'], address: row.ringTargetEncrypted ? this.vault.decrypt(row.ringTargetEncrypted, Encrypted.presenceRingTarget.at(row.userId)) : null },
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async set(actor: Actor, input: { status: 'available' | 'away'; ringTarget?: { kind: 'console' | 'phone' | 'sip'; address?: string | null } }): Promise<PresenceView> {
    const current = await this.get(actor.userId);
    let kind = (current?.ringTargetKind ?? 'console') as RingTarget['kind'];
    let encrypted = current?.ringTargetEncrypted ?? null;
    if (input.ringTarget) {
      kind = input.ringTarget.kind;
      const address = input.ringTarget.address?.trim() || null;
      if (kind === 'console') encrypted = null;
      else if (!address) throw fieldInvalid('ringTarget.address', 'required', 'Give the phone number or SIP address your calls should ring');
      else if (kind === 'phone') encrypted = this.vault.encrypt(this.vault.phone(address, 'ringTarget.address').e164, Encrypted.presenceRingTarget.at(actor.userId));
      else if (!SIP_URI.test(address) || address.length > 200) throw fieldInvalid('ringTarget.address', 'invalid_sip', 'A SIP address looks like sip:name@pbx.example.org');
      else encrypted = this.vault.encrypt(address, Encrypted.presenceRingTarget.at(actor.userId));
    }
    const row = await this.dataSource.transaction(async (m) => {
      // "Available" during a call keeps "busy": nobody is offered calls mid-call; the call's end frees them.
      // During wrap-up it is "ready": the operator ends their after-call work early.
      await m.query(
        `INSERT INTO operator_presence (user_id, status, ring_target_kind, ring_target_encrypted, updated_at) VALUES ($1, $2, $3, $4, mayak_now())
         ON CONFLICT (user_id) DO UPDATE SET status = CASE WHEN operator_presence.status = 'busy' AND EXCLUDED.status = 'available' THEN 'busy' ELSE EXCLUDED.status END,
           wrap_up_until = CASE WHEN operator_presence.status = 'busy' AND EXCLUDED.status = 'available' THEN operator_presence.wrap_up_until ELSE NULL END,
           ring_target_kind = EXCLUDED.ring_target_kind, ring_target_encrypted = EXCLUDED.ring_target_encrypted, updated_at = mayak_now()`,
        [actor.userId, input.status, kind, encrypted],
      );
      await this.audit.record({ action: AuditAction.PresenceChanged, entityType: 'user', entityId: actor.userId, summary: { status: input.status, ringTarget: kind } }, m);
      return this.get(actor.userId, m);
    });
    return this.view(row);
  }

  /** On a call now (or free again): set by the system, never by a form. */
  async markBusy(m: EntityManager, userId: string, busy: boolean): Promise<void> {
    if (busy) {
      await m.query(
        `INSERT INTO operator_presence (user_id, status, updated_at) VALUES ($1, 'busy', mayak_now()) ON CONFLICT (user_id) DO UPDATE SET status = 'busy', updated_at = mayak_now()`,
        [userId],
      );
    } else {
      await m.query(`UPDATE operator_presence SET status = 'available', wrap_up_until = NULL, updated_at = mayak_now() WHERE user_id = $1 AND status = 'busy'`, [userId]);
    }
  }

  /**
   * A call of theirs ended: after-call work, out of the ring for the office's wrap-up time
   * (or at once available when the office sets none). Only from "busy": an operator who went
   * away meanwhile stays away.
   */
  async startWrapUp(m: EntityManager, userId: string, officeId: string): Promise<void> {
    await m.query(
      `UPDATE operator_presence p SET status = CASE WHEN o.wrap_up_seconds > 0 THEN 'wrap_up' ELSE 'available' END,
              wrap_up_until = CASE WHEN o.wrap_up_seconds > 0 THEN mayak_now() + make_interval(secs => o.wrap_up_seconds) END, updated_at = mayak_now()
         FROM offices o WHERE o.id = $2 AND p.user_id = $1 AND p.status = 'busy'`,
      [userId, officeId],
    );
  }

  /** The operator completed the call's contact: their after-call work is done. */
  async endWrapUp(userId: string, m: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await m.query(`UPDATE operator_presence SET status = 'available', wrap_up_until = NULL, updated_at = mayak_now() WHERE user_id = $1 AND status = 'wrap_up' RETURNING user_id`, [userId]);
    return (Array.isArray(rows[0]) ? rows[0] : rows).length > 0;
  }

  /** Where this user's calls ring: their console unless they set a phone or SIP address. */
  async ringTargetOf(userId: string, m: EntityManager = this.dataSource.manager): Promise<RingTarget> {
    const row = await this.get(userId, m);
    if (!row || row.ringTargetKind === 'console' || !row.ringTargetEncrypted) return { kind: 'console', address: consoleIdentity(userId) };
    return { kind: row.ringTargetKind as 'phone' | 'sip', address: this.vault.decrypt(row.ringTargetEncrypted, Encrypted.presenceRingTarget.at(row.userId)) };
  }

  /** Which languages the available call-takers of these offices speak, as `office id:language`. */
  async languagesAvailable(officeIds: string[], m: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (!officeIds.length) return new Set();
    const rows: { key: string }[] = await m.query(
      `SELECT DISTINCT uo.office_id::text || ':' || l AS key
         FROM users u JOIN user_offices uo ON uo.user_id = u.id JOIN operator_presence p ON p.user_id = u.id CROSS JOIN unnest(u.languages) AS l
        WHERE uo.office_id = ANY($1) AND u.active AND mayak_presence_status(p.status, p.wrap_up_until) = 'available' AND u.roles && ARRAY['operator', 'case_worker', 'supervisor']::text[]`,
      [officeIds],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** Active users of an office who take calls and are available now (the ones a ringing call is offered to). */
  async availableIn(officeId: string, m: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT u.id FROM users u JOIN user_offices uo ON uo.user_id = u.id JOIN operator_presence p ON p.user_id = u.id
        WHERE uo.office_id = $1 AND u.active AND mayak_presence_status(p.status, p.wrap_up_until) = 'available' AND u.roles && ARRAY['operator', 'case_worker', 'supervisor']::text[]`,
      [officeId],
    );
    return rows.map((r) => r.id);
  }

  /** Everyone in an office who follows the line: available and busy operators, and the office's supervisors. */
  async watchersOf(officeId: string, m: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT u.id FROM users u JOIN user_offices uo ON uo.user_id = u.id LEFT JOIN operator_presence p ON p.user_id = u.id
        WHERE uo.office_id = $1 AND u.active AND (p.status IN ('available', 'busy', 'wrap_up') OR 'supervisor' = ANY(u.roles))`,
      [officeId],
    );
    return rows.map((r) => r.id);
  }
}
