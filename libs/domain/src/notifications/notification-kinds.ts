import type { Role } from '../auth/roles';

/**
 * What Mayak tells people by e-mail when they are not in the console. Each kind is one event
 * for one recipient; what a mail may say about it is a reference, what happened and a link,
 * never a survivor's name, number or story (see the API's mail templates).
 */
export const NOTIFICATION_KINDS = [
  /** Partners: a referral sent to their organisation. */
  'referral_received',
  /** Partners: a referral still unanswered as its answer deadline comes near. */
  'referral_reminder',
  /** Partners: the hotline withdrew (cancelled) a referral to their organisation. */
  'referral_withdrawn',
  /** Case workers (and supervisors who take cases): a case given to them. */
  'case_assigned',
  /** Case workers: a task of a case given to them. */
  'task_assigned',
  /** Case workers: their task falls due soon (a plan's review among them). */
  'task_due_soon',
  /** Case workers: their task is past its due date. */
  'task_overdue',
  /** Case workers: a referral of their case is past its answer deadline. */
  'referral_overdue',
  /** Supervisors: a critical alert nobody has read within the set time. */
  'critical_alert_unread',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How a person wants a kind: a mail at once, in one mail a day, or not at all. */
export const NOTIFICATION_DELIVERIES = ['immediate', 'digest', 'never'] as const;
export type NotificationDelivery = (typeof NOTIFICATION_DELIVERIES)[number];

/** Without a choice of their own, everyone hears of everything at once. */
export const DEFAULT_NOTIFICATION_DELIVERY: NotificationDelivery = 'immediate';

/** Who may receive each kind (and so choose how): the roles the events are addressed to. */
export const NOTIFICATION_ROLES: Readonly<Record<NotificationKind, readonly Role[]>> = {
  referral_received: ['partner'],
  referral_reminder: ['partner'],
  referral_withdrawn: ['partner'],
  // Cases and tasks are given to case workers and supervisors (CasesService.assertAssignable).
  case_assigned: ['case_worker', 'supervisor'],
  task_assigned: ['case_worker', 'supervisor', 'operator'],
  task_due_soon: ['case_worker', 'supervisor', 'operator'],
  task_overdue: ['case_worker', 'supervisor', 'operator'],
  referral_overdue: ['case_worker', 'supervisor'],
  critical_alert_unread: ['supervisor'],
};

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

export function isNotificationDelivery(value: unknown): value is NotificationDelivery {
  return typeof value === 'string' && (NOTIFICATION_DELIVERIES as readonly string[]).includes(value);
}

/** The kinds a person with these roles may receive, in the list's order. */
export function notificationKindsFor(roles: readonly Role[]): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((kind) => NOTIFICATION_ROLES[kind].some((role) => roles.includes(role)));
}

export interface NotificationPreference {
  kind: NotificationKind;
  delivery: NotificationDelivery;
}

/** How this kind reaches this person: their choice, else the default. */
export function deliveryFor(kind: NotificationKind, preferences: readonly NotificationPreference[]): NotificationDelivery {
  return preferences.find((p) => p.kind === kind)?.delivery ?? DEFAULT_NOTIFICATION_DELIVERY;
}

/** Every kind the roles may receive with its delivery (choices for other kinds are left out). */
export function effectivePreferences(roles: readonly Role[], preferences: readonly NotificationPreference[]): NotificationPreference[] {
  return notificationKindsFor(roles).map((kind) => ({ kind, delivery: deliveryFor(kind, preferences) }));
}

export interface PreferenceProblem {
  /** `items.<n>.kind` or `items.<n>.delivery`. */
  field: string;
  code: 'unknown_kind' | 'not_for_your_role' | 'duplicate_kind' | 'unknown_delivery';
}

/**
 * What is wrong with a change of one's own preferences (empty: it may be saved). Each item must
 * name a kind once, one the person may receive, and a known delivery.
 */
export function checkPreferenceChange(roles: readonly Role[], items: readonly { kind: unknown; delivery: unknown }[]): PreferenceProblem[] {
  const allowed = notificationKindsFor(roles);
  const seen = new Set<string>();
  const problems: PreferenceProblem[] = [];
  items.forEach((item, n) => {
    if (!isNotificationKind(item.kind)) problems.push({ field: `items.${n}.kind`, code: 'unknown_kind' });
    else if (!allowed.includes(item.kind)) problems.push({ field: `items.${n}.kind`, code: 'not_for_your_role' });
    else if (seen.has(item.kind)) problems.push({ field: `items.${n}.kind`, code: 'duplicate_kind' });
    if (typeof item.kind === 'string') seen.add(item.kind);
    if (!isNotificationDelivery(item.delivery)) problems.push({ field: `items.${n}.delivery`, code: 'unknown_delivery' });
  });
  return problems;
}

/**
 * Whether a person is told that work was given to them: not when they gave it to themselves
 * (a case worker opening their own case), nor when nobody was given it.
 */
export function notifiesAssignee(actorId: string | null, assigneeId: string | null): assigneeId is string {
  return !!assigneeId && assigneeId !== actorId;
}
