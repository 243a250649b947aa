/** Every queue and job Mayak runs. A job name belongs to exactly one queue. */
export enum QueueName {
  Maintenance = 'maintenance',
  /** Time-critical: due callbacks, kept apart so maintenance never delays them. */
  Callbacks = 'callbacks',
  /** E-mail: SMTP round trips of seconds, kept apart so a slow mail server delays nothing else. */
  Mail = 'mail',
}

export enum JobName {
  AuditSeal = 'audit.seal',
  DeadlineWatch = 'deadlines.watch',
  CallbackDue = 'callback.due',
  CallbackReconcile = 'callbacks.reconcile',
  RetentionRun = 'retention.run',
  DashboardRollup = 'dashboards.rollup',
  VoicemailFetch = 'voicemail.fetch',
  VoicemailReconcile = 'voicemails.reconcile',
  InboundMessagesSweep = 'inbound-messages.sweep',
  AttachmentFetch = 'attachment.fetch',
  AttachmentsReconcile = 'attachments.reconcile',
  AuditCheckpoint = 'audit.checkpoint',
  MailSend = 'mail.send',
  MailsReconcile = 'mails.reconcile',
  NotificationsWatch = 'notifications.watch',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.AuditSeal]: QueueName.Maintenance,
  [JobName.DeadlineWatch]: QueueName.Maintenance,
  [JobName.CallbackDue]: QueueName.Callbacks,
  [JobName.CallbackReconcile]: QueueName.Callbacks,
  [JobName.RetentionRun]: QueueName.Maintenance,
  [JobName.DashboardRollup]: QueueName.Maintenance,
  [JobName.VoicemailFetch]: QueueName.Maintenance,
  [JobName.VoicemailReconcile]: QueueName.Maintenance,
  [JobName.InboundMessagesSweep]: QueueName.Maintenance,
  [JobName.AttachmentFetch]: QueueName.Maintenance,
  [JobName.AttachmentsReconcile]: QueueName.Maintenance,
  [JobName.AuditCheckpoint]: QueueName.Maintenance,
  [JobName.MailSend]: QueueName.Mail,
  [JobName.MailsReconcile]: QueueName.Mail,
  [JobName.NotificationsWatch]: QueueName.Maintenance,
};

export interface JobPayloads {
  [JobName.AuditSeal]: Record<string, never>;
  [JobName.DeadlineWatch]: Record<string, never>;
  [JobName.CallbackDue]: { callbackId: string };
  [JobName.CallbackReconcile]: Record<string, never>;
  [JobName.RetentionRun]: Record<string, never>;
  [JobName.DashboardRollup]: Record<string, never>;
  [JobName.VoicemailFetch]: { voicemailId: string };
  [JobName.VoicemailReconcile]: Record<string, never>;
  [JobName.InboundMessagesSweep]: Record<string, never>;
  [JobName.AttachmentFetch]: { attachmentId: string };
  [JobName.AttachmentsReconcile]: Record<string, never>;
  [JobName.AuditCheckpoint]: Record<string, never>;
  [JobName.MailSend]: { mailId: string };
  [JobName.MailsReconcile]: Record<string, never>;
  [JobName.NotificationsWatch]: Record<string, never>;
}

export interface JobOptions {
  /** De-duplication: a job with the id of one already waiting or delayed is not added again. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
  /** Drop the job from Redis once done, so the same id can be added again later (callbacks: job id = callback id). */
  removeOnComplete?: boolean;
}

export interface RepeatOptions {
  everyMs: number;
}
