import type { components, ContactDto } from '@mayak/api-client';
import type { CallerType, ContactCategory, ContactChannel, ContactDirection, ContactMethod, RiskLevel } from '@mayak/domain';

type Schemas = components['schemas'];
export type { CallerHistoryDto, ContactDto, ContactPageDto } from '@mayak/api-client';
export type CreateContactBody = Schemas['CreateContactDto'];
export type UpdateContactBody = Schemas['UpdateContactDto'];
export type OpenCaseBody = Schemas['OpenCaseFromContactDto'];

/** A consent question is "not asked yet" until the caller answers. */
export type ConsentAnswer = '' | 'yes' | 'no';

/** The intake form as typed: strings for selects ('' = not chosen), kept as they are in the local draft. */
export interface IntakeValues {
  phone: string;
  channel: ContactChannel;
  direction: ContactDirection;
  language: string;
  callerType: CallerType | '';
  category: ContactCategory | '';
  riskLevel: RiskLevel;
  consentToRecord: ConsentAnswer;
  consentToRefer: ConsentAnswer;
  consentToContactBack: ConsentAnswer;
  safeContactTimes: string;
  safeContactMethod: ContactMethod | '';
  notes: string;
}

export const INTAKE_DEFAULTS: IntakeValues = {
  phone: '',
  channel: 'voice',
  direction: 'inbound',
  language: '',
  callerType: '',
  category: '',
  riskLevel: 'none',
  consentToRecord: '',
  consentToRefer: '',
  consentToContactBack: '',
  safeContactTimes: '',
  safeContactMethod: '',
  notes: '',
};

/** Anything typed or chosen beyond the defaults: only then is a contact worth creating. */
export function isMeaningful(values: IntakeValues): boolean {
  return (Object.keys(INTAKE_DEFAULTS) as (keyof IntakeValues)[]).some((key) => String(values[key]).trim() !== String(INTAKE_DEFAULTS[key]));
}

const consent = (answer: ConsentAnswer): boolean | null => (answer === 'yes' ? true : answer === 'no' ? false : null);
const answerOf = (value: boolean | null): ConsentAnswer => (value === true ? 'yes' : value === false ? 'no' : '');

/** The server's copy back into form values (continuing a contact from the list). */
export function valuesOfContact(contact: ContactDto, phone: string): IntakeValues {
  return {
    phone,
    channel: contact.channel as IntakeValues['channel'],
    direction: contact.direction as IntakeValues['direction'],
    language: contact.language ?? '',
    callerType: (contact.callerType ?? '') as IntakeValues['callerType'],
    category: (contact.category ?? '') as IntakeValues['category'],
    riskLevel: contact.riskLevel as IntakeValues['riskLevel'],
    consentToRecord: answerOf(contact.consentToRecord),
    consentToRefer: answerOf(contact.consentToRefer),
    consentToContactBack: answerOf(contact.consentToContactBack),
    safeContactTimes: contact.safeContactTimes ?? '',
    safeContactMethod: (contact.safeContactMethod ?? '') as IntakeValues['safeContactMethod'],
    notes: contact.notes,
  };
}

/**
 * The fields sent on create and on every autosave. A phone number that is not (yet) a
 * valid number is left out, so half-typed digits never block saving the notes.
 */
export function contactFields(values: IntakeValues, phoneValid: boolean): Omit<UpdateContactBody, 'version'> {
  const phone = values.phone.trim();
  return {
    channel: values.channel,
    direction: values.direction,
    language: values.language || null,
    callerType: values.callerType || null,
    category: values.category || null,
    riskLevel: values.riskLevel,
    ...(phone === '' ? { phone: null } : phoneValid ? { phone } : {}),
    consentToRecord: consent(values.consentToRecord),
    consentToRefer: consent(values.consentToRefer),
    consentToContactBack: consent(values.consentToContactBack),
    safeContactTimes: values.safeContactTimes.trim() || null,
    safeContactMethod: values.safeContactMethod || null,
    notes: values.notes,
  };
}
