import { Inject, Injectable } from '@nestjs/common';
import { deliveryFor, isLocale, notificationKindsFor, type Locale, type NotificationKind } from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { MailOutbox } from '#api/core/mail/mail-outbox';
import { renderNotification, type NotificationData } from './mail-templates';
import { NotificationsRepository } from './notifications.repository';

/**
 * Something that happened that someone should hear of by e-mail. The notifier works out who
 * (partners of the organisation, the assignee, the alert's recipient) and what may be said.
 */
export type NotificationEvent =
  | { kind: 'referral_received' | 'referral_withdrawn' | 'referral_reminder'; referralId: string }
  /** `occurrence` tells one assignment from a later one of the same record (its version after the change). */
  | { kind: 'case_assigned'; caseId: string; assigneeId: string; occurrence: string }
  | { kind: 'task_assigned'; taskId: string; assigneeId: string; occurrence: string }
  /** Its assignee, of an open task at its current due time (a moved task is a new occurrence). */
  | { kind: 'task_due_soon'; taskId: string }
  | { kind: 'referral_overdue' | 'task_overdue' | 'critical_alert_unread'; alertId: string };

interface Subject {
  eventKey: string;
  recipients: string[];
  entityType: string;
  entityId: string;
  /** The facts for one recipient: dates in their office's zone when they have one. */
  data: (timeZone: string | null) => NotificationData;
}

/** One "coming due" per task and due time: the watch finds the tasks not yet told of by this key. */
export const dueSoonEventKey = (taskId: string, dueAt: Date) => `task_due_soon:${taskId}:${dueAt.getTime()}`;

/**
 * Turns events into notifications: one row per event and person (written once, whoever handles
 * the event again), delivered as each person chose: a mail now (written to the outbox in the
 * caller's transaction and sent after it commits), a line of tomorrow's digest, or nothing.
 * Call it inside the transaction that makes the event true, so both happen or neither.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Records and delivers the event; how many people it was new for. Nothing at all while mail is off. */
  async notify(m: EntityManager, event: NotificationEvent): Promise<number> {
    if (!this.config.mail.enabled) return 0;
    const subject = await this.subjectOf(m, event);
    if (!subject) return 0;
    const recipients = await this.repository.recipients(m, subject.recipients, event.kind);
    let written = 0;
    for (const recipient of recipients) {
      // Only to people whose roles the kind is for (a case given to a colleague who lost the role meanwhile: nothing).
      if (!notificationKindsFor(recipient.roles).includes(event.kind)) continue;
      const delivery = deliveryFor(event.kind, recipient.delivery ? [{ kind: event.kind, delivery: recipient.delivery }] : []);
      const data = subject.data(recipient.timeZone);
      const id = await this.repository.insert(m, {
        idempotencyKey: `${subject.eventKey}:${recipient.id}`,
        recipientId: recipient.id,
        kind: event.kind,
        delivery,
        entityType: subject.entityType,
        entityId: subject.entityId,
        data,
      });
      if (!id) continue;
      written += 1;
      if (delivery !== 'immediate') continue;
      const locale: Locale = isLocale(recipient.locale) ? recipient.locale : 'ru';
      const mailId = await this.outbox.enqueue(m, {
        idempotencyKey: `notification:${id}`,
        kind: event.kind,
        recipientId: recipient.id,
        to: recipient.email,
        locale,
        ...renderNotification(event.kind, data, locale, this.config.publicUrl),
      });
      if (mailId) await this.repository.attachMail(m, [id], mailId);
    }
    return written;
  }

  /** Notifies in a transaction of its own (the watch's events, which no other write goes with). */
  async notifyNow(event: NotificationEvent): Promise<number> {
    if (!this.config.mail.enabled) return 0;
    return this.repository.transaction((m) => this.notify(m, event));
  }

  private async subjectOf(m: EntityManager, event: NotificationEvent): Promise<Subject | null> {
    switch (event.kind) {
      case 'referral_received':
      case 'referral_reminder':
      case 'referral_withdrawn': {
        const r = await this.repository.referral(m, event.referralId);
        if (!r) return null;
        return {
          eventKey: `${event.kind}:${r.id}`,
          recipients: await this.repository.partnersOf(m, r.organisationId),
          entityType: 'referral',
          entityId: r.id,
          data: (tz) => ({
            reference: r.reference,
            path: `/partner?referral=${r.id}`,
            serviceType: r.serviceType,
            organisationName: r.organisationName,
            dueAt: r.dueAt?.toISOString() ?? null,
            timeZone: tz ?? r.officeTimeZone,
          }),
        };
      }
      case 'case_assigned': {
        const c = await this.repository.caseFacts(m, event.caseId);
        if (!c) return null;
        return {
          eventKey: `case_assigned:${c.id}:${event.occurrence}`,
          recipients: [event.assigneeId],
          entityType: 'case',
          entityId: c.id,
          data: (tz) => ({ reference: c.reference, path: `/cases/${c.id}`, timeZone: tz ?? c.officeTimeZone }),
        };
      }
      case 'task_assigned': {
        const t = await this.repository.taskFacts(m, event.taskId);
        if (!t) return null;
        return {
          eventKey: `task_assigned:${t.id}:${event.occurrence}`,
          recipients: [event.assigneeId],
          entityType: 'task',
          entityId: t.id,
          data: (tz) => ({ reference: t.reference, path: `/cases/${t.caseId}`, dueAt: t.dueAt?.toISOString() ?? null, timeZone: tz ?? t.officeTimeZone }),
        };
      }
      case 'task_due_soon': {
        const t = await this.repository.taskFacts(m, event.taskId);
        if (!t || t.status !== 'open' || !t.dueAt || !t.assigneeId) return null;
        const dueAt = t.dueAt;
        return {
          eventKey: dueSoonEventKey(t.id, dueAt),
          recipients: [t.assigneeId],
          entityType: 'task',
          entityId: t.id,
          data: (tz) => ({
            reference: t.reference,
            path: `/cases/${t.caseId}`,
            dueAt: dueAt.toISOString(),
            planKind: t.planKind,
            timeZone: tz ?? t.officeTimeZone,
          }),
        };
      }
      case 'referral_overdue':
      case 'task_overdue':
      case 'critical_alert_unread':
        return this.alertSubject(m, event.kind, event.alertId);
    }
  }

  /** An alert the watch mails about: overdue work to its owner, an unread critical alert to its supervisor. */
  private async alertSubject(m: EntityManager, kind: NotificationKind, alertId: string): Promise<Subject | null> {
    const a = await this.repository.alert(m, alertId);
    const expected = kind === 'critical_alert_unread' ? 'critical_contact' : kind;
    if (!a || a.kind !== expected || !a.entityId) return null;
    const text = (key: string) => (typeof a.data[key] === 'string' ? (a.data[key] as string) : null);
    const minutes = Math.max(1, Math.floor((this.clock.nowMs() - a.createdAt.getTime()) / 60_000));
    const path = a.entityType === 'contact' ? `/contacts/${a.entityId}` : `/cases/${a.entityId}`;
    return {
      eventKey: `${kind}:alert:${a.id}`,
      recipients: [a.recipientId],
      entityType: a.entityType ?? 'case',
      entityId: a.entityId,
      data: (tz) => ({
        reference: text('reference'),
        path,
        organisationName: kind === 'referral_overdue' ? text('organisationName') : null,
        dueAt: kind === 'critical_alert_unread' ? null : text('dueAt'),
        minutes: kind === 'critical_alert_unread' ? minutes : null,
        timeZone: tz ?? a.officeTimeZone ?? 'Asia/Almaty',
      }),
    };
  }
}
