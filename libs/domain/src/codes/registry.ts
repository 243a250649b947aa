/**
 * Every labelled code list by name, for code that handles lists generically: validation
 * (isCode), select boxes and display (codeLabel), and the list endpoint of the API.
 * Countries and languages are not here: their names come from Intl.DisplayNames
 * (countryLabel, languageLabel) and they have their own guards.
 */
import {
  CALLBACK_METHOD_LABELS,
  CALLBACK_METHODS,
  CALLBACK_OUTCOME_LABELS,
  CALLBACK_OUTCOMES,
  CALLBACK_REASON_LABELS,
  CALLBACK_REASONS,
  CALLBACK_STATUS_LABELS,
  CALLBACK_STATUSES,
} from '../callbacks/callback-status';
import type { Locale } from '../common/locales';
import { CASE_TYPE_LABELS, CASE_TYPES, CLOSURE_REASON_LABELS, CLOSURE_REASONS, TASK_STATUS_LABELS, TASK_STATUSES } from './case';
import {
  KZ_REGION_LABELS,
  KZ_REGIONS,
  ORGANISATION_TYPE_LABELS,
  ORGANISATION_TYPES,
  REFERRAL_OUTCOME_LABELS,
  REFERRAL_OUTCOMES,
  SERVICE_TYPE_LABELS,
  SERVICE_TYPES,
} from './directory';
import { CONSENT_CHANNEL_LABELS, CONSENT_CHANNELS, CONSENT_PURPOSE_LABELS, CONSENT_PURPOSES } from './consent';
import {
  CALLER_TYPE_LABELS,
  CALLER_TYPES,
  CONTACT_CATEGORIES,
  CONTACT_CATEGORY_LABELS,
  CONTACT_CHANNEL_LABELS,
  CONTACT_CHANNELS,
  CONTACT_DIRECTION_LABELS,
  CONTACT_DIRECTIONS,
  CONTACT_METHOD_LABELS,
  CONTACT_METHODS,
  RISK_LEVEL_LABELS,
  RISK_LEVELS,
} from './contact';
import {
  AGE_GROUP_LABELS,
  AGE_GROUPS,
  GENDER_LABELS,
  GENDERS,
  IDENTIFIER_KIND_LABELS,
  IDENTIFIER_KINDS,
  MIGRATION_SITUATION_LABELS,
  MIGRATION_SITUATIONS,
  PERSON_FLAG_KIND_LABELS,
  PERSON_FLAG_KINDS,
} from './person';
import {
  CONTROL_METHOD_LABELS,
  CONTROL_METHODS,
  EXPLOITATION_TYPE_LABELS,
  EXPLOITATION_TYPES,
  LABOUR_INDUSTRIES,
  LABOUR_INDUSTRY_LABELS,
  RECRUITER_RELATION_LABELS,
  RECRUITER_RELATIONS,
  RECRUITMENT_METHOD_LABELS,
  RECRUITMENT_METHODS,
  TRAFFICKING_EVENT_TYPE_LABELS,
  TRAFFICKING_EVENT_TYPES,
  TRAFFICKING_STATUS_DECIDER_LABELS,
  TRAFFICKING_STATUS_DECIDERS,
  TRAFFICKING_STATUS_LABELS,
  TRAFFICKING_STATUSES,
} from './trafficking';
import {
  CALL_OUTCOME_LABELS,
  CALL_OUTCOMES,
  CALL_STATE_LABELS,
  CALL_STATES,
  PRESENCE_STATUS_LABELS,
  PRESENCE_STATUSES,
  QUEUE_PRIORITIES,
  QUEUE_PRIORITY_LABELS,
  RING_TARGET_KIND_LABELS,
  RING_TARGET_KINDS,
  TRANSFER_MODE_LABELS,
  TRANSFER_MODES,
} from './telephony';
import {
  ASSESSMENT_LEVEL_LABELS,
  ASSESSMENT_LEVELS,
  FACTOR_POLARITIES,
  FACTOR_POLARITY_LABELS,
  PLAN_KIND_LABELS,
  PLAN_KINDS,
  PLAN_RISK_LEVEL_LABELS,
  PLAN_RISK_LEVELS,
  PLAN_STATUS_LABELS,
  PLAN_STATUSES,
  SUPPORT_PLAN_TYPE_LABELS,
  SUPPORT_PLAN_TYPES,
  VULNERABILITY_FACTOR_LABELS,
  VULNERABILITY_FACTORS,
} from '../plans/plan-codes';
import type { CodeLabels } from './types';
import { CASE_ATTACHMENT_CATEGORIES, CASE_ATTACHMENT_CATEGORY_LABELS } from '../cases/case-attachments';

export const CODE_LISTS = {
  contactChannel: CONTACT_CHANNELS,
  contactDirection: CONTACT_DIRECTIONS,
  callerType: CALLER_TYPES,
  contactCategory: CONTACT_CATEGORIES,
  riskLevel: RISK_LEVELS,
  contactMethod: CONTACT_METHODS,
  caseType: CASE_TYPES,
  closureReason: CLOSURE_REASONS,
  traffickingStatus: TRAFFICKING_STATUSES,
  traffickingStatusDecider: TRAFFICKING_STATUS_DECIDERS,
  exploitationType: EXPLOITATION_TYPES,
  controlMethod: CONTROL_METHODS,
  labourIndustry: LABOUR_INDUSTRIES,
  recruitmentMethod: RECRUITMENT_METHODS,
  recruiterRelation: RECRUITER_RELATIONS,
  traffickingEventType: TRAFFICKING_EVENT_TYPES,
  migrationSituation: MIGRATION_SITUATIONS,
  gender: GENDERS,
  ageGroup: AGE_GROUPS,
  consentPurpose: CONSENT_PURPOSES,
  consentChannel: CONSENT_CHANNELS,
  personFlagKind: PERSON_FLAG_KINDS,
  identifierKind: IDENTIFIER_KINDS,
  taskStatus: TASK_STATUSES,
  serviceType: SERVICE_TYPES,
  organisationType: ORGANISATION_TYPES,
  region: KZ_REGIONS,
  referralOutcome: REFERRAL_OUTCOMES,
  callbackStatus: CALLBACK_STATUSES,
  callbackReason: CALLBACK_REASONS,
  callbackOutcome: CALLBACK_OUTCOMES,
  callbackMethod: CALLBACK_METHODS,
  callState: CALL_STATES,
  callOutcome: CALL_OUTCOMES,
  presenceStatus: PRESENCE_STATUSES,
  queuePriority: QUEUE_PRIORITIES,
  ringTargetKind: RING_TARGET_KINDS,
  transferMode: TRANSFER_MODES,
  caseAttachmentCategory: CASE_ATTACHMENT_CATEGORIES,
  planKind: PLAN_KINDS,
  planStatus: PLAN_STATUSES,
  planRiskLevel: PLAN_RISK_LEVELS,
  supportPlanType: SUPPORT_PLAN_TYPES,
  assessmentLevel: ASSESSMENT_LEVELS,
  factorPolarity: FACTOR_POLARITIES,
  vulnerabilityFactor: VULNERABILITY_FACTORS,
} as const;
export type CodeListName = keyof typeof CODE_LISTS;
export type CodeOf<N extends CodeListName> = (typeof CODE_LISTS)[N][number];

/** Each list's labels are checked against that list (not just against `string`). */
const LABELS: { readonly [N in CodeListName]: CodeLabels<CodeOf<N>> } = {
  contactChannel: CONTACT_CHANNEL_LABELS,
  contactDirection: CONTACT_DIRECTION_LABELS,
  callerType: CALLER_TYPE_LABELS,
  contactCategory: CONTACT_CATEGORY_LABELS,
  riskLevel: RISK_LEVEL_LABELS,
  contactMethod: CONTACT_METHOD_LABELS,
  caseType: CASE_TYPE_LABELS,
  closureReason: CLOSURE_REASON_LABELS,
  traffickingStatus: TRAFFICKING_STATUS_LABELS,
  traffickingStatusDecider: TRAFFICKING_STATUS_DECIDER_LABELS,
  exploitationType: EXPLOITATION_TYPE_LABELS,
  controlMethod: CONTROL_METHOD_LABELS,
  labourIndustry: LABOUR_INDUSTRY_LABELS,
  recruitmentMethod: RECRUITMENT_METHOD_LABELS,
  recruiterRelation: RECRUITER_RELATION_LABELS,
  traffickingEventType: TRAFFICKING_EVENT_TYPE_LABELS,
  migrationSituation: MIGRATION_SITUATION_LABELS,
  gender: GENDER_LABELS,
  ageGroup: AGE_GROUP_LABELS,
  consentPurpose: CONSENT_PURPOSE_LABELS,
  consentChannel: CONSENT_CHANNEL_LABELS,
  personFlagKind: PERSON_FLAG_KIND_LABELS,
  identifierKind: IDENTIFIER_KIND_LABELS,
  taskStatus: TASK_STATUS_LABELS,
  serviceType: SERVICE_TYPE_LABELS,
  organisationType: ORGANISATION_TYPE_LABELS,
  region: KZ_REGION_LABELS,
  referralOutcome: REFERRAL_OUTCOME_LABELS,
  callbackStatus: CALLBACK_STATUS_LABELS,
  callbackReason: CALLBACK_REASON_LABELS,
  callbackOutcome: CALLBACK_OUTCOME_LABELS,
  callbackMethod: CALLBACK_METHOD_LABELS,
  callState: CALL_STATE_LABELS,
  callOutcome: CALL_OUTCOME_LABELS,
  presenceStatus: PRESENCE_STATUS_LABELS,
  queuePriority: QUEUE_PRIORITY_LABELS,
  ringTargetKind: RING_TARGET_KIND_LABELS,
  transferMode: TRANSFER_MODE_LABELS,
  caseAttachmentCategory: CASE_ATTACHMENT_CATEGORY_LABELS,
  planKind: PLAN_KIND_LABELS,
  planStatus: PLAN_STATUS_LABELS,
  planRiskLevel: PLAN_RISK_LEVEL_LABELS,
  supportPlanType: SUPPORT_PLAN_TYPE_LABELS,
  assessmentLevel: ASSESSMENT_LEVEL_LABELS,
  factorPolarity: FACTOR_POLARITY_LABELS,
  vulnerabilityFactor: VULNERABILITY_FACTOR_LABELS,
};

export const CODE_LABELS: Readonly<Record<CodeListName, Readonly<Record<Locale, Readonly<Record<string, string>>>>>> = LABELS;

const hasOwn = (record: object | undefined, key: string): boolean => record !== undefined && Object.prototype.hasOwnProperty.call(record, key);

/** The value's label in the locale, else in English, else the value itself (an unknown or retired code). */
export function codeLabel(list: CodeListName, value: string, locale: Locale): string {
  const labels = hasOwn(CODE_LABELS, list) ? CODE_LABELS[list] : undefined;
  if (!labels) return value;
  const localised = hasOwn(labels, locale) ? labels[locale] : undefined;
  if (localised && hasOwn(localised, value) && localised[value]) return localised[value];
  if (hasOwn(labels.en, value) && labels.en[value]) return labels.en[value];
  return value;
}

/** Whether the value is a code of the list (exact, case-sensitive). */
export function isCode<N extends CodeListName>(list: N, value: unknown): value is (typeof CODE_LISTS)[N][number] {
  if (typeof value !== 'string' || !hasOwn(CODE_LISTS, list)) return false;
  return (CODE_LISTS[list] as readonly string[]).includes(value);
}
