import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { KeysetPosition } from '#api/core/database/keyset';
import { CaseEvent, type CaseEventKind } from './case-event.entity';
import { loadUserRefs, type UserRef } from './user-refs';

/** A timeline entry with what it shows of the contact it came from (if any). */
export interface TimelineEventRow {
  id: string;
  kind: string;
  occurred_at: Date;
  actor_id: string | null;
  data: Record<string, unknown>;
  body: string | null;
  contact_id: string | null;
  k_channel: string | null;
  k_direction: string | null;
  k_category: string | null;
  k_risk_level: string | null;
  k_phone_encrypted: string | null;
  k_notes: string | null;
  k_started_at: Date | null;
}

export interface NewTimelineEvent {
  caseId: string;
  kind: CaseEventKind;
  actorId: string | null;
  data: Record<string, unknown>;
  body: string | null;
  contactId: string | null;
  occurredAt: Date;
}

/** The case_events table: each case's history. */
export abstract class CaseTimelineRepository {
  /** Writes the entry and marks the case active at its time (never earlier than it was). */
  abstract append(m: EntityManager, event: NewTimelineEvent): Promise<void>;
  /** A case's entries newest first after `position`: `limit` rows. */
  abstract page(caseId: string, position: KeysetPosition | null, limit: number): Promise<TimelineEventRow[]>;
  abstract userRefs(ids: (string | null)[]): Promise<Map<string, UserRef>>;
}

@Injectable()
export class SqlCaseTimelineRepository extends CaseTimelineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async append(m: EntityManager, event: NewTimelineEvent): Promise<void> {
    await m.insert(CaseEvent, { ...event, data: event.data as never });
    await m.query(`UPDATE cases SET last_activity_at = GREATEST(last_activity_at, $2) WHERE id = $1`, [event.caseId, event.occurredAt]);
  }

  async page(caseId: string, position: KeysetPosition | null, limit: number): Promise<TimelineEventRow[]> {
    const params: unknown[] = [caseId, limit];
    let keyset = '';
    if (position) {
      params.push(position.at, position.id);
      keyset = `AND (e.occurred_at, e.id) < ($3, $4::bigint)`;
    }
    return this.dataSource.query(
      `SELECT e.id::text AS id, e.kind, e.occurred_at, e.actor_id, e.data, e.body, e.contact_id,
              k.channel AS k_channel, k.direction AS k_direction, k.category AS k_category, k.risk_level AS k_risk_level,
              k.phone_encrypted AS k_phone_encrypted, k.notes AS k_notes, k.started_at AS k_started_at
         FROM case_events e LEFT JOIN contacts k ON k.id = e.contact_id
        WHERE e.case_id = $1 ${keyset}
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT $2`,
      params,
    );
  }

  async userRefs(ids: (string | null)[]): Promise<Map<string, UserRef>> {
    return loadUserRefs(this.dataSource.manager, ids);
  }
}
