import { contactBackConsent, type ContactBackEvidence } from './contact-back-consent';

describe('consent to contact back', () => {
  it('is not asked when nothing was recorded', () => {
    expect(contactBackConsent({})).toBe('not_asked');
    expect(contactBackConsent({ contactAnswer: null, statedNow: null, caseConsentStanding: false, caseConsentWithdrawn: false })).toBe('not_asked');
  });

  it.each<[string, ContactBackEvidence]>([
    ['the contact said yes', { contactAnswer: true }],
    ['the case holds a standing consent', { caseConsentStanding: true }],
    ['the worker records a yes now', { statedNow: true }],
    ['a consent given again after a withdrawal', { caseConsentWithdrawn: true, caseConsentStanding: true }],
  ])('is given when %s', (_, evidence) => {
    expect(contactBackConsent(evidence)).toBe('given');
  });

  it.each<[string, ContactBackEvidence]>([
    ['the contact said no', { contactAnswer: false }],
    ['the contact said no, whatever the case says', { contactAnswer: false, caseConsentStanding: true }],
    ['the worker records a no now', { statedNow: false, contactAnswer: true }],
    ['the case consent was withdrawn', { caseConsentWithdrawn: true }],
    ['the case consent was withdrawn, even with a yes stated now', { caseConsentWithdrawn: true, statedNow: true }],
  ])('is refused when %s', (_, evidence) => {
    expect(contactBackConsent(evidence)).toBe('refused');
  });

  it('lets every "no" win over every "yes" (all combinations)', () => {
    const answers = [true, false, null] as const;
    for (const contactAnswer of answers)
      for (const statedNow of answers)
        for (const caseConsentStanding of [true, false])
          for (const caseConsentWithdrawn of [true, false]) {
            const result = contactBackConsent({ contactAnswer, statedNow, caseConsentStanding, caseConsentWithdrawn });
            const anyNo = contactAnswer === false || statedNow === false || (caseConsentWithdrawn && !caseConsentStanding);
            const anyYes = contactAnswer === true || statedNow === true || caseConsentStanding;
            expect(result).toBe(anyNo ? 'refused' : anyYes ? 'given' : 'not_asked');
          }
  });
});
