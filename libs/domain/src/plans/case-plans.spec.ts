// Reads the HTCDS field list at test time (eslint.config.mjs lets domain specs read files), so
// the plans' HTCDS-derived code lists cannot drift from the standard.
import { readHtcdsStandard } from '../testing/htcds-standard';
import {
  allowedPlanMoves,
  checkPlan,
  checkPlanTransition,
  isCalendarDay,
  isPlanEditable,
  normaliseFactors,
  PLAN_REVIEW_HOUR,
  PLAN_TEXT_FIELDS,
  PLAN_TEXT_MAX,
  planKindOfReviewTitle,
  planReviewTask,
  reviewTaskChange,
  type PlanCheckContext,
  type PlanDraft,
} from './case-plans';
import { HTCDS_VULNERABILITY_FACTORS, PLAN_KINDS, PLAN_STATUSES, SUPPORT_PLAN_TYPES, VULNERABILITY_FACTORS } from './plan-codes';

function valueNames(field: string): string[] {
  const { header, rows } = readHtcdsStandard();
  const fieldColumn = header.indexOf('Field Name including Prefix');
  const valuesColumn = header.indexOf('Value Names (if picklist)');
  const [row] = rows.filter((r) => r[fieldColumn]?.trim() === field);
  return (row?.[valuesColumn] ?? '')
    .split(/\r?\n/)
    .map((v) => v.trim())
    .filter(Boolean);
}

const today = '2027-03-10';
const open: PlanCheckContext = { today, closed: false };
const safety: PlanDraft = {
  kind: 'safety',
  riskLevel: 'high',
  texts: { risks: 'x', safetyMeasures: 'Call the line from a neighbour’s phone' },
  startDate: today,
  reviewDate: '2027-03-17',
};
const support: PlanDraft = {
  kind: 'support',
  supportType: 'Legal',
  texts: { objectives: 'Papers back', actionPlan: 'Lawyer' },
  startDate: today,
  plannedEndDate: '2027-06-01',
};
const assessment: PlanDraft = {
  kind: 'assessment',
  riskLevel: 'medium',
  startDate: today,
  factors: [
    { level: 'individual', factor: 'LegalStatus', polarity: 'risk' },
    { level: 'household', factor: 'SocialSupport', polarity: 'protective' },
  ],
  texts: { findings: 'Works without a contract' },
};
const fields = (draft: PlanDraft, context: PlanCheckContext = open) => checkPlan(draft, context);

describe('plan code lists', () => {
  it('use the HTCDS value names: spl_Type whole and in order, vic_Vulnerabilities first among the factors', () => {
    expect([...SUPPORT_PLAN_TYPES]).toEqual(valueNames('spl_Type'));
    expect([...HTCDS_VULNERABILITY_FACTORS]).toEqual(valueNames('vic_Vulnerabilities'));
    expect(VULNERABILITY_FACTORS.slice(0, HTCDS_VULNERABILITY_FACTORS.length)).toEqual([...HTCDS_VULNERABILITY_FACTORS]);
    expect(new Set(VULNERABILITY_FACTORS).size).toBe(VULNERABILITY_FACTORS.length);
  });

  it('give each kind its own free text', () => {
    expect(PLAN_KINDS.map((kind) => PLAN_TEXT_FIELDS[kind])).toEqual([['findings'], ['risks', 'safetyMeasures'], ['objectives', 'actionPlan']]);
  });
});

describe('checkPlan', () => {
  it('accepts a complete plan of each kind', () => {
    expect(fields(safety)).toEqual([]);
    expect(fields(support)).toEqual([]);
    expect(fields(assessment)).toEqual([]);
    // Nothing but what a kind needs: a bare assessment, a support plan without dates.
    expect(fields({ kind: 'assessment', riskLevel: 'low', startDate: today })).toEqual([]);
    expect(fields({ kind: 'support', supportType: 'SocialCare', texts: { objectives: 'A room' }, startDate: today })).toEqual([]);
  });

  it('asks each kind for its coded fields and refuses those of other kinds', () => {
    expect(fields({ ...safety, riskLevel: null })).toEqual([{ field: 'riskLevel', code: 'required' }]);
    expect(fields({ ...assessment, riskLevel: undefined })).toEqual([{ field: 'riskLevel', code: 'required' }]);
    expect(fields({ ...support, supportType: null })).toEqual([{ field: 'supportType', code: 'required' }]);
    expect(fields({ ...support, riskLevel: 'high' })).toEqual([{ field: 'riskLevel', code: 'not_for_kind' }]);
    expect(fields({ ...safety, supportType: 'Legal', plannedEndDate: '2027-04-01' })).toEqual([
      { field: 'supportType', code: 'not_for_kind' },
      { field: 'plannedEndDate', code: 'not_for_kind' },
    ]);
    expect(fields({ ...safety, factors: assessment.factors })).toEqual([{ field: 'factors', code: 'not_for_kind' }]);
    expect(fields({ ...safety, riskLevel: 'immediate_danger' })).toEqual([{ field: 'riskLevel', code: 'unknown_code' }]);
    expect(fields({ ...support, supportType: 'legal' })).toEqual([{ field: 'supportType', code: 'unknown_code' }]);
  });

  it('checks every factor of an assessment: known codes, each once, not too many', () => {
    expect(
      fields({
        ...assessment,
        factors: [
          { level: 'nation', factor: 'Poverty', polarity: 'risk' },
          { level: 'community', factor: 'Money', polarity: 'good' },
        ],
      }),
    ).toEqual([
      { field: 'factors.0.level', code: 'unknown_code' },
      { field: 'factors.1.factor', code: 'unknown_code' },
      { field: 'factors.1.polarity', code: 'unknown_code' },
    ]);
    const twice = { level: 'community', factor: 'AccessToJustice', polarity: 'risk' };
    expect(fields({ ...assessment, factors: [twice, { ...twice, polarity: 'protective' }, twice] })).toEqual([{ field: 'factors.2', code: 'duplicate' }]);
    const many = VULNERABILITY_FACTORS.flatMap((factor) => ['individual', 'household', 'community'].map((level) => ({ level, factor, polarity: 'risk' })));
    expect(fields({ ...assessment, factors: many })).toEqual([{ field: 'factors', code: 'too_many' }]);
  });

  it("keeps free text to the kind's fields and length, and asks for what a plan cannot do without", () => {
    expect(fields({ ...safety, texts: { ...safety.texts, objectives: 'x' } })).toEqual([{ field: 'objectives', code: 'not_for_kind' }]);
    expect(fields({ ...safety, texts: { risks: 'x', safetyMeasures: 'y'.repeat(PLAN_TEXT_MAX + 1) } })).toEqual([
      { field: 'safetyMeasures', code: 'text_too_long' },
    ]);
    expect(fields({ ...safety, texts: { risks: 'x', safetyMeasures: '  ' } })).toEqual([{ field: 'safetyMeasures', code: 'required' }]);
    expect(fields({ ...support, texts: { actionPlan: 'x' } })).toEqual([{ field: 'objectives', code: 'required' }]);
    // An empty text of another kind is no text at all.
    expect(fields({ ...safety, texts: { ...safety.texts, objectives: '' } })).toEqual([]);
  });

  it("puts the review date no earlier than today (the office's), unless it is the one already stored, nor before the start", () => {
    expect(fields({ ...safety, reviewDate: today })).toEqual([]);
    expect(fields({ ...safety, reviewDate: '2027-03-09' })).toEqual([{ field: 'reviewDate', code: 'in_past' }]);
    expect(fields({ ...safety, startDate: '2027-03-01', reviewDate: '2027-03-09' }, { ...open, storedReviewDate: '2027-03-09' })).toEqual([]);
    expect(fields({ ...safety, startDate: '2027-03-20', reviewDate: '2027-03-17' })).toEqual([{ field: 'reviewDate', code: 'before_start' }]);
    expect(fields({ ...safety, reviewDate: '2027-02-30' })).toEqual([{ field: 'reviewDate', code: 'invalid_date' }]);
    expect(fields({ ...safety, startDate: '10.03.2027' })).toEqual([{ field: 'startDate', code: 'invalid_date' }]);
  });

  it('ends a support plan after it starts, and records the actual end only when it is closed, not before it began nor after today', () => {
    expect(fields({ ...support, plannedEndDate: today })).toEqual([{ field: 'plannedEndDate', code: 'before_start' }]);
    expect(fields({ ...support, plannedEndDate: '2027-03-01' })).toEqual([{ field: 'plannedEndDate', code: 'before_start' }]);
    expect(fields({ ...support, actualEndDate: today })).toEqual([{ field: 'actualEndDate', code: 'only_when_closed' }]);
    const closed = { ...open, closed: true };
    expect(fields({ ...support, actualEndDate: today }, closed)).toEqual([]);
    expect(fields({ ...support, startDate: '2027-01-10', actualEndDate: '2027-01-09' }, closed)).toEqual([{ field: 'actualEndDate', code: 'before_start' }]);
    expect(fields({ ...support, actualEndDate: '2027-03-11' }, closed)).toEqual([{ field: 'actualEndDate', code: 'in_future' }]);
  });

  it('names an unknown kind and nothing else', () => {
    expect(fields({ ...safety, kind: 'care' as never })).toEqual([{ field: 'kind', code: 'unknown_code' }]);
  });
});

describe('isCalendarDay', () => {
  it('takes real yyyy-mm-dd days only', () => {
    expect(['2027-03-10', '2028-02-29'].map(isCalendarDay)).toEqual([true, true]);
    expect(['2027-02-29', '2027-13-01', '2027-3-10', '', null, 20270310].map(isCalendarDay)).toEqual([false, false, false, false, false, false]);
  });
});

describe('normaliseFactors', () => {
  it('keeps known factors once each, by level, risks before protections', () => {
    expect(
      normaliseFactors([
        { level: 'community', factor: 'AccessToJustice', polarity: 'risk' },
        { level: 'individual', factor: 'Age', polarity: 'protective' },
        { level: 'individual', factor: 'Poverty', polarity: 'risk' },
        { level: 'individual', factor: 'Poverty', polarity: 'risk' },
        { level: 'galaxy', factor: 'Poverty', polarity: 'risk' },
      ]),
    ).toEqual([
      { level: 'individual', factor: 'Poverty', polarity: 'risk' },
      { level: 'individual', factor: 'Age', polarity: 'protective' },
      { level: 'community', factor: 'AccessToJustice', polarity: 'risk' },
    ]);
    expect(normaliseFactors(null)).toEqual([]);
  });
});

describe('plan statuses', () => {
  it('are reviewed any number of times while in force, closed once, and then stay as they are', () => {
    expect(PLAN_STATUSES.map((s) => [s, [...allowedPlanMoves(s)]])).toEqual([
      ['active', ['reviewed', 'closed']],
      ['reviewed', ['reviewed', 'closed']],
      ['closed', []],
    ]);
    expect(checkPlanTransition('active', 'reviewed')).toEqual({ ok: true });
    expect(checkPlanTransition('reviewed', 'reviewed')).toEqual({ ok: true });
    expect(checkPlanTransition('closed', 'reviewed')).toEqual({ ok: false, allowed: [] });
    expect(checkPlanTransition('active', 'active')).toEqual({ ok: false, allowed: ['reviewed', 'closed'] });
    expect(PLAN_STATUSES.map(isPlanEditable)).toEqual([true, true, false]);
  });
});

describe('the review task', () => {
  it("falls due at the start of the office's working day on the review date, titled by the kind of plan", () => {
    const task = planReviewTask({ kind: 'safety', reviewDate: '2027-03-17', timeZone: 'Asia/Almaty', caseAssigneeId: 'worker', authorId: 'author' });
    // 09:00 in Almaty (UTC+5) is 04:00 UTC.
    expect(PLAN_REVIEW_HOUR).toBe(9);
    expect(task).toEqual({ titleKey: 'plans.reviewTask.safety', dueAt: new Date('2027-03-17T04:00:00Z'), assigneeId: 'worker' });
    // Another office counts its own day, across a change of clocks (Berlin in summer time: UTC+2).
    expect(planReviewTask({ kind: 'support', reviewDate: '2027-03-29', timeZone: 'Europe/Berlin', caseAssigneeId: null, authorId: 'author' })).toEqual({
      titleKey: 'plans.reviewTask.support',
      dueAt: new Date('2027-03-29T07:00:00Z'),
      assigneeId: 'author',
    });
    expect(() => planReviewTask({ kind: 'safety', reviewDate: '17.03.2027', timeZone: 'Asia/Almaty', caseAssigneeId: null, authorId: 'a' })).toThrow(
      RangeError,
    );
  });

  it('is recognised by its title', () => {
    expect(PLAN_KINDS.map((kind) => planKindOfReviewTitle(`plans.reviewTask.${kind}`))).toEqual([...PLAN_KINDS]);
    expect(planKindOfReviewTitle('Call the consulate')).toBeNull();
    expect(planKindOfReviewTitle('plans.reviewTask.other')).toBeNull();
  });

  it('follows the plan: made, moved, cancelled, completed', () => {
    expect(reviewTaskChange({ before: null, after: '2027-03-17', hasOpenTask: false, event: 'edit' })).toEqual({ action: 'create', reviewDate: '2027-03-17' });
    expect(reviewTaskChange({ before: '2027-03-17', after: '2027-03-20', hasOpenTask: true, event: 'edit' })).toEqual({
      action: 'move',
      reviewDate: '2027-03-20',
    });
    expect(reviewTaskChange({ before: '2027-03-17', after: '2027-03-17', hasOpenTask: true, event: 'edit' })).toEqual({ action: 'none' });
    expect(reviewTaskChange({ before: '2027-03-17', after: null, hasOpenTask: true, event: 'edit' })).toEqual({ action: 'cancel' });
    expect(reviewTaskChange({ before: null, after: null, hasOpenTask: false, event: 'edit' })).toEqual({ action: 'none' });
    // A plan that lost its task (a date kept, the task gone) gets one again.
    expect(reviewTaskChange({ before: '2027-03-17', after: '2027-03-17', hasOpenTask: false, event: 'edit' })).toEqual({
      action: 'create',
      reviewDate: '2027-03-17',
    });
    expect(reviewTaskChange({ before: '2027-03-17', after: null, hasOpenTask: true, event: 'close' })).toEqual({ action: 'cancel' });
    expect(reviewTaskChange({ before: null, after: null, hasOpenTask: false, event: 'close' })).toEqual({ action: 'none' });
    expect(reviewTaskChange({ before: '2027-03-17', after: '2027-04-17', hasOpenTask: true, event: 'review' })).toEqual({
      action: 'complete',
      next: '2027-04-17',
    });
    expect(reviewTaskChange({ before: '2027-03-17', after: null, hasOpenTask: true, event: 'review' })).toEqual({ action: 'complete', next: null });
  });
});
