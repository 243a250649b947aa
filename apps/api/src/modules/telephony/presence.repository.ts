import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OperatorPresence } from './operator-presence.entity';

/** What an operator chose on the console: their status and where their calls ring (the address encrypted). */
export interface ChosenPresence {
  userId: string;
  status: 'available' | 'away';
  ringTargetKind: 'console' | 'phone' | 'sip';
  ringTargetEncrypted: string | null;
}

/** A colleague who takes calls, with their presence status now (null: never set). */
export interface OperatorOnDutyRow {
  id: string;
  displayName: string;
  roles: string[];
  status: string | null;
}

/** Operators' presence (operator_presence) and who, among an office's staff, takes or follows calls. */
export abstract class PresenceRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** The user's presence row, or null when they never set one. */
  abstract find(userId: string, m?: EntityManager): Promise<OperatorPresence | null>;
  /** Writes what the operator chose; "available" while busy stays "busy" (a call's end frees them), and ends a wrap-up otherwise. */
  abstract saveChosen(m: EntityManager, chosen: ChosenPresence): Promise<void>;
  abstract markBusy(m: EntityManager, userId: string): Promise<void>;
  /** A busy operator becomes available again (nothing changes for any other status). */
  abstract releaseBusy(m: EntityManager, userId: string): Promise<void>;
  /** A busy operator goes into wrap-up for the office's wrap-up time (available at once when it sets none). */
  abstract startWrapUp(m: EntityManager, userId: string, officeId: string): Promise<void>;
  /** Ends the operator's wrap-up; false when they were not in wrap-up. */
  abstract endWrapUp(userId: string, m?: EntityManager): Promise<boolean>;
  /** The languages the available call-takers of these offices speak, as `office id:language`. */
  abstract languagesAvailable(officeIds: string[], m?: EntityManager): Promise<string[]>;
  /** Ids of the office's active call-takers who are available now. */
  abstract availableIn(officeId: string, m?: EntityManager): Promise<string[]>;
  /** Ids of the office's active users who follow the line: available, busy or wrapping up, and its supervisors. */
  abstract watchersOf(officeId: string, m?: EntityManager): Promise<string[]>;
  /** Active call-takers of the offices, by display name (at most 500). */
  abstract operatorsOnDuty(officeIds: string[]): Promise<OperatorOnDutyRow[]>;
  /** Sets the user away when no unexpired session of theirs is left. */
  abstract markAwayWithoutSession(userId: string): Promise<void>;
}

@Injectable()
export class SqlPresenceRepository extends PresenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async find(userId: string, m: EntityManager = this.dataSource.manager): Promise<OperatorPresence | null> {
    return m.getRepository(OperatorPresence).findOneBy({ userId });
  }

  async saveChosen(m: EntityManager, chosen: ChosenPresence): Promise<void> {
    await m.query(
      `INSERT INTO operator_presence (user_id, status, ring_target_kind, ring_target_encrypted, updated_at) VALUES ($1, $2, $3, $4, mayak_now())
       ON CONFLICT (user_id) DO UPDATE SET status = CASE WHEN operator_presence.status = 'busy' AND EXCLUDED.status = 'available' THEN 'busy' ELSE EXCLUDED.status END,
         wrap_up_until = CASE WHEN operator_presence.status = 'busy' AND EXCLUDED.status = 'available' THEN operator_presence.wrap_up_until ELSE NULL END,
         ring_target_kind = EXCLUDED.ring_target_kind, ring_target_encrypted = EXCLUDED.ring_target_encrypted, updated_at = mayak_now()`,
      [chosen.userId, chosen.status, chosen.ringTargetKind, chosen.ringTargetEncrypted],
    );
  }

  async markBusy(m: EntityManager, userId: string): Promise<void> {
    await m.query(
      `INSERT INTO operator_presence (user_id, status, updated_at) VALUES ($1, 'busy', mayak_now()) ON CONFLICT (user_id) DO UPDATE SET status = 'busy', updated_at = mayak_now()`,
      [userId],
    );
  }

  async releaseBusy(m: EntityManager, userId: string): Promise<void> {
    await m.query(`UPDATE operator_presence SET status = 'available', wrap_up_until = NULL, updated_at = mayak_now() WHERE user_id = $1 AND status = 'busy'`, [
      userId,
    ]);
  }

  async startWrapUp(m: EntityManager, userId: string, officeId: string): Promise<void> {
    await m.query(
      `UPDATE operator_presence p SET status = CASE WHEN o.wrap_up_seconds > 0 THEN 'wrap_up' ELSE 'available' END,
              wrap_up_until = CASE WHEN o.wrap_up_seconds > 0 THEN mayak_now() + make_interval(secs => o.wrap_up_seconds) END, updated_at = mayak_now()
         FROM offices o WHERE o.id = $2 AND p.user_id = $1 AND p.status = 'busy'`,
      [userId, officeId],
    );
  }

  async endWrapUp(userId: string, m: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await m.query(
      `UPDATE operator_presence SET status = 'available', wrap_up_until = NULL, updated_at = mayak_now() WHERE user_id = $1 AND status = 'wrap_up' RETURNING user_id`,
      [userId],
    );
    return (Array.isArray(rows[0]) ? rows[0] : rows).length > 0;
  }

  async languagesAvailable(officeIds: string[], m: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { key: string }[] = await m.query(
      `SELECT DISTINCT uo.office_id::text || ':' || l AS key
         FROM users u JOIN user_offices uo ON uo.user_id = u.id JOIN operator_presence p ON p.user_id = u.id CROSS JOIN unnest(u.languages) AS l
        WHERE uo.office_id = ANY($1) AND u.active AND mayak_presence_status(p.status, p.wrap_up_until) = 'available' AND u.roles && ARRAY['operator', 'case_worker', 'supervisor']::text[]`,
      [officeIds],
    );
    return rows.map((r) => r.key);
  }

  async availableIn(officeId: string, m: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT u.id FROM users u JOIN user_offices uo ON uo.user_id = u.id JOIN operator_presence p ON p.user_id = u.id
        WHERE uo.office_id = $1 AND u.active AND mayak_presence_status(p.status, p.wrap_up_until) = 'available' AND u.roles && ARRAY['operator', 'case_worker', 'supervisor']::text[]`,
      [officeId],
    );
    return rows.map((r) => r.id);
  }

  async watchersOf(officeId: string, m: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT u.id FROM users u JOIN user_offices uo ON uo.user_id = u.id LEFT JOIN operator_presence p ON p.user_id = u.id
        WHERE uo.office_id = $1 AND u.active AND (p.status IN ('available', 'busy', 'wrap_up') OR 'supervisor' = ANY(u.roles))`,
      [officeId],
    );
    return rows.map((r) => r.id);
  }

  async operatorsOnDuty(officeIds: string[]): Promise<OperatorOnDutyRow[]> {
    const rows: { id: string; display_name: string; roles: string[]; status: string | null }[] = await this.dataSource.query(
      `SELECT DISTINCT u.id, u.display_name, u.roles, mayak_presence_status(p.status, p.wrap_up_until) AS status FROM users u JOIN user_offices uo ON uo.user_id = u.id LEFT JOIN operator_presence p ON p.user_id = u.id
        WHERE uo.office_id = ANY($1) AND u.active AND u.roles && ARRAY['operator', 'case_worker', 'supervisor']::text[]
        ORDER BY u.display_name LIMIT 500`,
      [officeIds],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, roles: r.roles, status: r.status }));
  }

  async markAwayWithoutSession(userId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE operator_presence SET status = 'away', updated_at = mayak_now() WHERE user_id = $1
          AND NOT EXISTS (SELECT 1 FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > mayak_now())`,
      [userId],
    );
  }
}
