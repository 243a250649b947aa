/**
 * Whether a client may be called (or written to) back. Consent is asked per purpose and
 * may be recorded in three places: on the contact ("may we call you back?"), on the case
 * (a standing consent to contact back, which can be withdrawn), and by the worker who
 * schedules the callback, in the client's words on this very call. Any "no" wins: a client
 * who said not to call, or withdrew consent, is not called whatever else was recorded,
 * because a call on a phone someone else controls can cost them their safety.
 */
export type ContactBackConsent = 'given' | 'refused' | 'not_asked';

export interface ContactBackEvidence {
  /** The contact's answer: true, false, or null when it was not asked. */
  contactAnswer?: boolean | null;
  /** A standing (not withdrawn) consent to contact back on the case. */
  caseConsentStanding?: boolean;
  /** The case had a consent to contact back and it was withdrawn, with none standing since. */
  caseConsentWithdrawn?: boolean;
  /** What the worker records the client said now, when scheduling; null when not stated. */
  statedNow?: boolean | null;
}

export function contactBackConsent(evidence: ContactBackEvidence): ContactBackConsent {
  const withdrawn = !!evidence.caseConsentWithdrawn && !evidence.caseConsentStanding;
  if (evidence.contactAnswer === false || evidence.statedNow === false || withdrawn) return 'refused';
  if (evidence.contactAnswer === true || evidence.statedNow === true || evidence.caseConsentStanding) return 'given';
  return 'not_asked';
}
