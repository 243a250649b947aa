/**
 * A case's plans: an assessment of risk and vulnerability, a safety plan and a support plan,
 * each with an optional review date that becomes a task of the case. Rules shared by the API
 * (which enforces them) and the console (which offers only what they allow).
 *
 * How the fields map to HTCDS v2.0 (../shared/reference/htcds-field-standards.csv):
 * - support plan: `supportType` is spl_Type (SUPPORT_PLAN_TYPES, its value names),
 *   `objectives` spl_Objectives, `actionPlan` spl_ActionPlan, `plannedEndDate`
 *   spl_PlannedEndDate, `actualEndDate` spl_ActualEndDate. The HTCDS export carries spl_Type
 *   (see exports/htcds.ts); the free text and the exact dates stay with us.
 * - assessment: the "Assessment and Planning - Individual / Household / Community Risk and
 *   Vulnerability" sections, which the standard leaves as example questions: each `factors`
 *   entry is a level (ASSESSMENT_LEVELS: those three sections and the model's structural
 *   level), a factor (VULNERABILITY_FACTORS: vic_Vulnerabilities value names, then ours) and
 *   whether it is a risk or a protective factor. `riskLevel` is the assessment's conclusion and
 *   `findings` its narrative (the deprecated vic_DetailsOfVulnerabilities).
 * - safety plan: no HTCDS field; `riskLevel`, `risks` and `safetyMeasures` are ours.
 * `startDate` and `reviewDate` are ours for every kind.
 */
import { zonedTimeToUtc } from '../callbacks/safe-window';
import { CALENDAR_DAY } from '../common/local-days';
import {
  ASSESSMENT_LEVELS,
  FACTOR_POLARITIES,
  PLAN_KINDS,
  PLAN_RISK_LEVELS,
  PLAN_STATUSES,
  SUPPORT_PLAN_TYPES,
  VULNERABILITY_FACTORS,
  type AssessmentLevel,
  type FactorPolarity,
  type PlanKind,
  type PlanStatus,
  type VulnerabilityFactor,
} from './plan-codes';

/** The free-text fields of each kind (stored as case notes are, removed by retention). */
export const PLAN_TEXT_FIELDS = {
  assessment: ['findings'],
  safety: ['risks', 'safetyMeasures'],
  support: ['objectives', 'actionPlan'],
} as const satisfies Record<PlanKind, readonly string[]>;
export type PlanTextField = (typeof PLAN_TEXT_FIELDS)[PlanKind][number];
export const ALL_PLAN_TEXT_FIELDS: readonly PlanTextField[] = [...new Set(Object.values(PLAN_TEXT_FIELDS).flat())];

/** The text a kind cannot do without: what the safety plan does about the risk, what the support is for. */
export const PLAN_REQUIRED_TEXT: Readonly<Partial<Record<PlanKind, PlanTextField>>> = { safety: 'safetyMeasures', support: 'objectives' };

export const PLAN_TEXT_MAX = 4000;
export const PLAN_FACTORS_MAX = 60;
export const PLAN_REVIEW_NOTE_MAX = 2000;

export interface AssessmentFactor {
  level: AssessmentLevel;
  factor: VulnerabilityFactor;
  polarity: FactorPolarity;
}

/** A plan as written, before it is stored: what the API checks and the console fills in. */
export interface PlanDraft {
  kind: PlanKind;
  riskLevel?: string | null;
  supportType?: string | null;
  factors?: readonly { level?: unknown; factor?: unknown; polarity?: unknown }[] | null;
  texts?: Partial<Record<string, string | null>>;
  /** yyyy-mm-dd, the day the plan took effect. */
  startDate: string;
  reviewDate?: string | null;
  plannedEndDate?: string | null;
  actualEndDate?: string | null;
}

export interface PlanCheckContext {
  /** Today in the case's office (localDayOf the clock's now): the zone whose days the dates are. */
  today: string;
  /** Whether the plan is (or with this change becomes) closed. */
  closed: boolean;
  /** The review date stored before this change (undefined: a new plan). An unchanged date may have passed. */
  storedReviewDate?: string | null;
}

export type PlanProblemCode =
  | 'required'
  | 'not_for_kind'
  | 'unknown_code'
  | 'duplicate'
  | 'too_many'
  | 'text_too_long'
  | 'invalid_date'
  | 'in_past'
  | 'in_future'
  | 'before_start'
  | 'only_when_closed';

export interface PlanProblem {
  field: string;
  code: PlanProblemCode;
}

const includes = <T extends string>(list: readonly T[], value: unknown): value is T => typeof value === 'string' && (list as readonly string[]).includes(value);

/** A real calendar day written yyyy-mm-dd (not 2027-02-30). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !CALENDAR_DAY.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isPlanKind(value: unknown): value is PlanKind {
  return includes(PLAN_KINDS, value);
}

export function isPlanStatus(value: unknown): value is PlanStatus {
  return includes(PLAN_STATUSES, value);
}

/**
 * What is wrong with a plan (empty: it may be stored), every problem with its field: the coded
 * fields each kind needs and no others; known codes, once each; text within its length; real
 * days; a review date not before today (unless it is the one already stored) nor before the
 * start; a planned end after the start; an actual end only on a closed plan, not before the
 * start nor after today.
 */
export function checkPlan(draft: PlanDraft, context: PlanCheckContext): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const problem = (field: string, code: PlanProblemCode) => problems.push({ field, code });
  const { kind } = draft;
  if (!isPlanKind(kind)) return [{ field: 'kind', code: 'unknown_code' }];

  const needsRisk = kind === 'assessment' || kind === 'safety';
  if (draft.riskLevel == null) {
    if (needsRisk) problem('riskLevel', 'required');
  } else if (!needsRisk) problem('riskLevel', 'not_for_kind');
  else if (!includes(PLAN_RISK_LEVELS, draft.riskLevel)) problem('riskLevel', 'unknown_code');

  if (draft.supportType == null) {
    if (kind === 'support') problem('supportType', 'required');
  } else if (kind !== 'support') problem('supportType', 'not_for_kind');
  else if (!includes(SUPPORT_PLAN_TYPES, draft.supportType)) problem('supportType', 'unknown_code');

  const factors = draft.factors ?? [];
  if (factors.length && kind !== 'assessment') problem('factors', 'not_for_kind');
  else if (factors.length > PLAN_FACTORS_MAX) problem('factors', 'too_many');
  else {
    const seen = new Set<string>();
    factors.forEach((f, n) => {
      if (!includes(ASSESSMENT_LEVELS, f?.level)) problem(`factors.${n}.level`, 'unknown_code');
      if (!includes(VULNERABILITY_FACTORS, f?.factor)) problem(`factors.${n}.factor`, 'unknown_code');
      if (!includes(FACTOR_POLARITIES, f?.polarity)) problem(`factors.${n}.polarity`, 'unknown_code');
      const key = `${String(f?.level)}|${String(f?.factor)}|${String(f?.polarity)}`;
      if (seen.has(key)) problem(`factors.${n}`, 'duplicate');
      seen.add(key);
    });
  }

  const own: readonly string[] = PLAN_TEXT_FIELDS[kind];
  for (const [field, text] of Object.entries(draft.texts ?? {})) {
    if (text == null || text === '') continue;
    if (!own.includes(field)) problem(field, 'not_for_kind');
    else if (text.length > PLAN_TEXT_MAX) problem(field, 'text_too_long');
  }
  const required = PLAN_REQUIRED_TEXT[kind];
  if (required && !draft.texts?.[required]?.trim()) problem(required, 'required');

  const start = draft.startDate;
  const startValid = isCalendarDay(start);
  if (!startValid) problem('startDate', 'invalid_date');

  const review = draft.reviewDate ?? null;
  if (review !== null) {
    if (!isCalendarDay(review)) problem('reviewDate', 'invalid_date');
    else if (review !== context.storedReviewDate && review < context.today) problem('reviewDate', 'in_past');
    else if (startValid && review < start) problem('reviewDate', 'before_start');
  }

  const plannedEnd = draft.plannedEndDate ?? null;
  if (plannedEnd !== null) {
    if (kind !== 'support') problem('plannedEndDate', 'not_for_kind');
    else if (!isCalendarDay(plannedEnd)) problem('plannedEndDate', 'invalid_date');
    else if (startValid && plannedEnd <= start) problem('plannedEndDate', 'before_start');
  }

  const actualEnd = draft.actualEndDate ?? null;
  if (actualEnd !== null) {
    if (!context.closed) problem('actualEndDate', 'only_when_closed');
    else if (!isCalendarDay(actualEnd)) problem('actualEndDate', 'invalid_date');
    else if (startValid && actualEnd < start) problem('actualEndDate', 'before_start');
    else if (actualEnd > context.today) problem('actualEndDate', 'in_future');
  }
  return problems;
}

/** The factors as stored: known codes only, once each, in the order of the levels, then of the factors. */
export function normaliseFactors(factors: readonly { level?: unknown; factor?: unknown; polarity?: unknown }[] | null | undefined): AssessmentFactor[] {
  const valid = (factors ?? []).filter(
    (f): f is AssessmentFactor =>
      includes(ASSESSMENT_LEVELS, f?.level) && includes(VULNERABILITY_FACTORS, f?.factor) && includes(FACTOR_POLARITIES, f?.polarity),
  );
  const unique = [...new Map(valid.map((f) => [`${f.level}|${f.factor}|${f.polarity}`, { level: f.level, factor: f.factor, polarity: f.polarity }])).values()];
  const rank = (f: AssessmentFactor) => [ASSESSMENT_LEVELS.indexOf(f.level), FACTOR_POLARITIES.indexOf(f.polarity), VULNERABILITY_FACTORS.indexOf(f.factor)];
  return unique.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

/** Where a plan may go from each status: reviewed again and again while in force, closed once. */
export const PLAN_TRANSITIONS: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  active: ['reviewed', 'closed'],
  reviewed: ['reviewed', 'closed'],
  closed: [],
};

export function allowedPlanMoves(from: PlanStatus): readonly PlanStatus[] {
  return PLAN_TRANSITIONS[from];
}

/** Whether a plan in `from` may become `to`; else the moves it has. */
export function checkPlanTransition(from: PlanStatus, to: PlanStatus): { ok: true } | { ok: false; allowed: readonly PlanStatus[] } {
  const allowed = PLAN_TRANSITIONS[from];
  return allowed.includes(to) ? { ok: true } : { ok: false, allowed };
}

/** A closed plan is kept as it was: its fields no longer change. */
export function isPlanEditable(status: PlanStatus): boolean {
  return status !== 'closed';
}

/**
 * The local time of the review day at which a plan's review task falls due: the start of the
 * office's working day, so that it is on the worker's list that morning, the "coming due" mail
 * goes the morning before, and it is overdue only once that day has begun in earnest.
 */
export const PLAN_REVIEW_HOUR = 9;

/** Review tasks are titled by a key the console translates (`plans.reviewTask.<kind>`), never by text about the client. */
export const PLAN_REVIEW_TITLE_PREFIX = 'plans.reviewTask.';

export interface PlanReviewTask {
  /** The task's title: a console text key naming the kind of plan. */
  titleKey: string;
  dueAt: Date;
  assigneeId: string;
}

/**
 * The task a review date becomes: due at PLAN_REVIEW_HOUR on that day in the case's office,
 * given to the case's assigned case worker, else to whoever wrote the plan.
 */
export function planReviewTask(input: {
  kind: PlanKind;
  reviewDate: string;
  timeZone: string;
  caseAssigneeId: string | null;
  authorId: string;
}): PlanReviewTask {
  if (!isCalendarDay(input.reviewDate)) throw new RangeError(`not a calendar day: ${input.reviewDate}`);
  const [year, month, day] = input.reviewDate.split('-').map(Number);
  return {
    titleKey: `${PLAN_REVIEW_TITLE_PREFIX}${input.kind}`,
    dueAt: zonedTimeToUtc(year, month, day, PLAN_REVIEW_HOUR * 60, input.timeZone),
    assigneeId: input.caseAssigneeId ?? input.authorId,
  };
}

/** The kind of plan a review task's title names, or null for any other task. */
export function planKindOfReviewTitle(title: string): PlanKind | null {
  if (!title.startsWith(PLAN_REVIEW_TITLE_PREFIX)) return null;
  const kind = title.slice(PLAN_REVIEW_TITLE_PREFIX.length);
  return isPlanKind(kind) ? kind : null;
}

/** What becomes of a plan's open review task when the plan changes. */
export type ReviewTaskChange =
  | { action: 'none' }
  | { action: 'create'; reviewDate: string }
  | { action: 'move'; reviewDate: string }
  | { action: 'cancel' }
  | { action: 'complete'; next: string | null };

/**
 * The review task follows the plan: a review date set makes one, a date changed moves the open
 * one, a date removed or the plan closed cancels it, a review recorded completes it (and the
 * next review date, if any, makes a new one). `hasOpenTask` repairs a plan left without one.
 */
export function reviewTaskChange(input: {
  before: string | null;
  after: string | null;
  hasOpenTask: boolean;
  event: 'edit' | 'review' | 'close';
}): ReviewTaskChange {
  if (input.event === 'close') return input.hasOpenTask ? { action: 'cancel' } : { action: 'none' };
  if (input.event === 'review') return { action: 'complete', next: input.after };
  if (input.after === null) return input.hasOpenTask ? { action: 'cancel' } : { action: 'none' };
  if (!input.hasOpenTask) return { action: 'create', reviewDate: input.after };
  return input.after === input.before ? { action: 'none' } : { action: 'move', reviewDate: input.after };
}
