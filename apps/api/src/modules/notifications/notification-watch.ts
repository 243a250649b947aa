import { Inject, Injectable, Logger } from '@nestjs/common';
import { isLocale, latestDigestMoment, referralReminderDue, taskDueSoon, type Locale } from '@mayak/domain';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { MailOutbox } from '#api/core/mail/mail-outbox';
import { renderDigest } from './mail-templates';
import { NotificationsRepository } from './notifications.repository';
import { Notifier } from './notifier';

export interface WatchReport {
  reminders: number;
  /** Assignees told that a task (a plan's review among them) falls due within MAIL_TASK_DUE_SOON_HOURS. */
  dueSoon: number;
  fromAlerts: number;
  digests: number;
}

const BATCH = 200;
/** Alerts older than this are not mailed about (turning mail on does not send the past). */
const ALERT_HORIZON_MS = 2 * 24 * 3600_000;

/**
 * The worker's rounds for mail (every MAIL_WATCH_INTERVAL_SECONDS): partners reminded of
 * referrals near their deadline, assignees of tasks coming due, overdue work and unread critical alerts mailed to whom the
 * alerts went, and each person's daily digest once their office's digest hour has come.
 * Every event is recorded once, so rounds may overlap or repeat.
 */
@Injectable()
export class NotificationWatch {
  private readonly logger = new Logger('NotificationWatch');

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly notifier: Notifier,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(now: Date = this.clock.now()): Promise<WatchReport> {
    if (!this.config.mail.enabled) return { reminders: 0, dueSoon: 0, fromAlerts: 0, digests: 0 };
    const report = {
      reminders: await this.reminders(now),
      dueSoon: await this.dueSoon(now),
      fromAlerts: await this.fromAlerts(now),
      digests: await this.digests(now),
    };
    if (Object.values(report).some((n) => n > 0)) this.logger.log({ ...report }, 'notification watch wrote mails');
    return report;
  }

  private async reminders(now: Date): Promise<number> {
    const lead = this.config.mail.referralReminderHours;
    const near = await this.repository.referralsNearDeadline(now, new Date(now.getTime() + lead * 3600_000), BATCH);
    let written = 0;
    for (const r of near) {
      if (referralReminderDue(now, r.sentAt, r.dueAt, lead)) written += await this.notifier.notifyNow({ kind: 'referral_reminder', referralId: r.id });
    }
    return written;
  }

  /** Each open task's assignee, once per due time, from MAIL_TASK_DUE_SOON_HOURS before it. */
  private async dueSoon(now: Date): Promise<number> {
    const lead = this.config.mail.taskDueSoonHours;
    const tasks = await this.repository.tasksComingDue(now, new Date(now.getTime() + lead * 3600_000), BATCH);
    let written = 0;
    for (const task of tasks) {
      if (taskDueSoon(now, task.dueAt, lead)) written += await this.notifier.notifyNow({ kind: 'task_due_soon', taskId: task.id });
    }
    return written;
  }

  private async fromAlerts(now: Date): Promise<number> {
    const unreadBefore = new Date(now.getTime() - this.config.mail.criticalAlertUnreadMinutes * 60_000);
    const alerts = await this.repository.alertsToMail(new Date(now.getTime() - ALERT_HORIZON_MS), unreadBefore, BATCH);
    let written = 0;
    for (const alert of alerts) {
      if (alert.kind === 'referral_overdue' || alert.kind === 'task_overdue' || alert.kind === 'critical_alert_unread') {
        written += await this.notifier.notifyNow({ kind: alert.kind, alertId: alert.id });
      }
    }
    return written;
  }

  /**
   * One mail per person and local day with what waited for it: written under the key
   * `digest:<person>:<day>`, so a second round (or a second worker) writes nothing. Items that
   * arrive after a day's digest went wait for the next day's.
   */
  async digests(now: Date = this.clock.now()): Promise<number> {
    const waiting = await this.repository.awaitingDigest(BATCH);
    let sent = 0;
    for (const person of waiting) {
      const moment = latestDigestMoment(now, person.timeZone ?? 'Asia/Almaty', this.config.mail.digestHour);
      if (person.oldest.getTime() >= moment.at.getTime()) continue;
      const written = await this.repository.transaction(async (m) => {
        const items = await this.repository.claimDigestItems(m, person.recipientId, moment.at);
        if (!items.length) return false;
        const [recipient] = await this.repository.recipients(m, [person.recipientId], items[0].kind);
        if (!recipient) return false;
        const locale: Locale = isLocale(recipient.locale) ? recipient.locale : 'ru';
        const mailId = await this.outbox.enqueue(m, {
          idempotencyKey: `digest:${recipient.id}:${moment.day}`,
          kind: 'digest',
          recipientId: recipient.id,
          to: recipient.email,
          locale,
          ...renderDigest(items, locale, this.config.publicUrl),
        });
        if (!mailId) return false;
        await this.repository.attachMail(
          m,
          items.map((i) => i.id),
          mailId,
        );
        return true;
      });
      if (written) sent += 1;
    }
    return sent;
  }
}
