import {
  checkPreferenceChange,
  deliveryFor,
  effectivePreferences,
  NOTIFICATION_KINDS,
  NOTIFICATION_ROLES,
  notificationKindsFor,
  notifiesAssignee,
} from './notification-kinds';
import { ROLES } from '../auth/roles';

describe('who gets which notification', () => {
  it('gives partners their referrals only, case workers their work, supervisors unread critical alerts too', () => {
    expect(notificationKindsFor(['partner'])).toEqual(['referral_received', 'referral_reminder', 'referral_withdrawn']);
    expect(notificationKindsFor(['case_worker'])).toEqual(['case_assigned', 'task_assigned', 'task_due_soon', 'task_overdue', 'referral_overdue']);
    expect(notificationKindsFor(['supervisor'])).toEqual([
      'case_assigned',
      'task_assigned',
      'task_due_soon',
      'task_overdue',
      'referral_overdue',
      'critical_alert_unread',
    ]);
    expect(notificationKindsFor(['operator'])).toEqual(['task_assigned', 'task_due_soon', 'task_overdue']);
    // Administrators configure; nothing of casework is mailed to them.
    expect(notificationKindsFor(['admin'])).toEqual([]);
    expect(notificationKindsFor(['admin', 'supervisor'])).toEqual(notificationKindsFor(['supervisor']));
  });

  it('addresses every kind to at least one role, and only to known roles', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(NOTIFICATION_ROLES[kind].length).toBeGreaterThan(0);
      for (const role of NOTIFICATION_ROLES[kind]) expect(ROLES).toContain(role);
    }
  });

  it('delivers at once unless the person chose otherwise', () => {
    expect(deliveryFor('case_assigned', [])).toBe('immediate');
    expect(deliveryFor('case_assigned', [{ kind: 'case_assigned', delivery: 'digest' }])).toBe('digest');
    expect(deliveryFor('task_assigned', [{ kind: 'case_assigned', delivery: 'never' }])).toBe('immediate');
    expect(
      effectivePreferences(
        ['partner'],
        [
          { kind: 'referral_reminder', delivery: 'never' },
          { kind: 'case_assigned', delivery: 'digest' },
        ],
      ),
    ).toEqual([
      { kind: 'referral_received', delivery: 'immediate' },
      { kind: 'referral_reminder', delivery: 'never' },
      { kind: 'referral_withdrawn', delivery: 'immediate' },
    ]);
  });

  it("accepts a change of one's own kinds and names every wrong item", () => {
    expect(
      checkPreferenceChange(
        ['case_worker'],
        [
          { kind: 'case_assigned', delivery: 'digest' },
          { kind: 'task_overdue', delivery: 'never' },
        ],
      ),
    ).toEqual([]);
    expect(checkPreferenceChange(['case_worker'], [])).toEqual([]);
    expect(
      checkPreferenceChange(
        ['case_worker'],
        [
          { kind: 'referral_received', delivery: 'never' },
          { kind: 'case_assigned', delivery: 'weekly' },
          { kind: 'case_assigned', delivery: 'never' },
          { kind: 'everything', delivery: 'never' },
          { kind: 42, delivery: null },
        ],
      ),
    ).toEqual([
      { field: 'items.0.kind', code: 'not_for_your_role' },
      { field: 'items.1.delivery', code: 'unknown_delivery' },
      { field: 'items.2.kind', code: 'duplicate_kind' },
      { field: 'items.3.kind', code: 'unknown_kind' },
      { field: 'items.4.kind', code: 'unknown_kind' },
      { field: 'items.4.delivery', code: 'unknown_delivery' },
    ]);
  });

  it('does not tell people of work they gave themselves', () => {
    expect(notifiesAssignee('u1', 'u2')).toBe(true);
    expect(notifiesAssignee(null, 'u2')).toBe(true);
    expect(notifiesAssignee('u1', 'u1')).toBe(false);
    expect(notifiesAssignee('u1', null)).toBe(false);
  });
});
