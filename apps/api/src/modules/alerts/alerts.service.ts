import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { decodeCursor, pageOf } from '#api/core/database/keyset';
import { notFound } from '#api/core/errors/domain-error';
import { RealtimeEvents } from '#api/core/realtime/realtime-events';
import type { Alert, AlertKind } from './alert.entity';
import { AlertsRepository, type AlertListState, type NewAlert, type WrittenAlert } from './alerts.repository';

export interface RaiseAlert {
  kind: AlertKind;
  /** The same key for the same situation: raising it again changes nothing. */
  dedupeKey: string;
  officeId: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
}

export type AlertState = AlertListState;

@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly realtime: RealtimeEvents,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes alerts without telling anyone yet: for callers that announce after their own
   * commit (`announce`). Returns the alerts that were new.
   */
  async record(alerts: NewAlert[], m?: EntityManager): Promise<WrittenAlert[]> {
    return this.alerts.insert(alerts, m);
  }

  /** Tells the recipients' consoles to re-read their alerts (an early event for a rolled-back alert only causes a re-read). */
  async announce(written: WrittenAlert[]): Promise<void> {
    for (const alert of written) await this.realtime.notify([alert.recipientId], 'alert', { alertId: alert.id, kind: alert.kind });
  }

  /** One alert to each active supervisor of the office; returns how many were new. */
  async raiseForOfficeSupervisors(alert: RaiseAlert, m?: EntityManager): Promise<number> {
    const supervisors = await this.alerts.activeSupervisorIds(alert.officeId, m);
    const written = await this.alerts.insert(
      supervisors.map((recipientId) => ({ ...alert, recipientId })),
      m,
    );
    await this.announce(written);
    return written.length;
  }

  /** One alert to one person; returns whether it was new. */
  async raiseFor(recipientId: string, alert: RaiseAlert, m?: EntityManager): Promise<boolean> {
    const written = await this.alerts.insert([{ ...alert, recipientId }], m);
    await this.announce(written);
    return written.length > 0;
  }

  async list(actor: Actor, state: AlertState | undefined, limit: number, cursor: string | undefined) {
    const position = decodeCursor(cursor);
    const rows = await this.alerts.listFor(actor.userId, state, position, limit);
    const unread = await this.alerts.countUnread(actor.userId);
    return { ...pageOf(rows, limit, (a) => ({ at: a.createdAt, id: a.id })), limit, unread };
  }

  async mark(actor: Actor, id: string, what: 'read' | 'resolved'): Promise<Alert> {
    const alert = await this.alerts.findFor(actor.userId, id);
    if (!alert) throw notFound('Alert');
    const now = this.clock.now();
    if (!alert.readAt) alert.readAt = now;
    if (what === 'resolved' && !alert.resolvedAt) alert.resolvedAt = now;
    return this.alerts.save(alert);
  }
}
