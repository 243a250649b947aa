/**
 * How much a person record and the changes to it may hold: the API validates against these
 * and the console's fields stop at them, so both say the same.
 */
export const PERSON_LIMITS = {
  /** Name or pseudonym, in characters. */
  nameMax: 200,
  birthYearMin: 1900,
  birthYearMax: 2100,
  citizenshipMax: 5,
  languagesMax: 10,
  /** Identifiers given with a new person. */
  identifiersMax: 20,
  identifierValueMax: 300,
  /** e.g. "sister's phone". */
  identifierLabelMax: 60,
  /** Why two records are one person (kept with the merge and in the audit log). */
  mergeReasonMin: 5,
  mergeReasonMax: 500,
  /** Why a masked name or number is revealed. */
  revealReasonMin: 5,
  revealReasonMax: 500,
  flagReasonMin: 3,
  flagReasonMax: 500,
  /** Suggested duplicates of one person shown at most. */
  duplicatesMax: 20,
} as const;
