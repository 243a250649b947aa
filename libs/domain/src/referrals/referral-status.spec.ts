import { REFERRAL_STATUSES, allowedNextReferralStatuses, checkReferralTransition, isReferralOpen, referralDueAt, type ReferralStatus } from './referral-status';

describe('referral status machine', () => {
  const legal: [ReferralStatus, ReferralStatus][] = [
    ['draft', 'sent'],
    ['draft', 'cancelled'],
    ['sent', 'accepted'],
    ['sent', 'declined'],
    ['sent', 'cancelled'],
    ['accepted', 'in_progress'],
    ['accepted', 'cancelled'],
    ['in_progress', 'completed'],
    ['in_progress', 'cancelled'],
  ];

  it('allows exactly the moves of DESIGN.md for the hotline, checked over every pair', () => {
    for (const from of REFERRAL_STATUSES) {
      for (const to of REFERRAL_STATUSES) {
        const expected = legal.some(([f, t]) => f === from && t === to);
        const result = checkReferralTransition({ from, to, party: 'hotline', reason: 'r', outcome: 'service_provided' });
        expect({ from, to, ok: result.ok }).toEqual({ from, to, ok: expected });
        if (!result.ok) expect(result.allowed).toEqual(allowedNextReferralStatuses(from));
      }
    }
  });

  it('lets a partner only answer: accept, decline, start and complete', () => {
    expect(allowedNextReferralStatuses('sent', 'partner')).toEqual(['accepted', 'declined']);
    expect(allowedNextReferralStatuses('draft', 'partner')).toEqual([]);
    expect(checkReferralTransition({ from: 'accepted', to: 'cancelled', party: 'partner', reason: 'x' })).toMatchObject({
      ok: false,
      problem: 'illegal_transition',
      allowed: ['in_progress'],
    });
  });

  it('needs a reason to decline or cancel and an outcome to complete', () => {
    expect(checkReferralTransition({ from: 'sent', to: 'declined', party: 'partner', reason: '  ' })).toMatchObject({ ok: false, problem: 'reason_required' });
    expect(checkReferralTransition({ from: 'sent', to: 'cancelled', party: 'hotline' })).toMatchObject({ ok: false, problem: 'reason_required' });
    expect(checkReferralTransition({ from: 'in_progress', to: 'completed', party: 'partner' })).toMatchObject({ ok: false, problem: 'outcome_required' });
    expect(checkReferralTransition({ from: 'sent', to: 'declined', party: 'partner', reason: 'Нет мест' })).toEqual({ ok: true });
  });

  it('knows which referrals still await the partner, and when an answer is due', () => {
    expect(REFERRAL_STATUSES.filter(isReferralOpen)).toEqual(['sent', 'accepted', 'in_progress']);
    expect(referralDueAt(new Date('2026-01-01T00:00:00Z'), 48).toISOString()).toBe('2026-01-03T00:00:00.000Z');
  });
});
