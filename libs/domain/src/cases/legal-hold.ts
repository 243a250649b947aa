/** A legal hold's reason, trimmed (the API's `LegalHoldDto.reason`). */
export const LEGAL_HOLD_REASON_MIN = 5;
export const LEGAL_HOLD_REASON_MAX = 500;
