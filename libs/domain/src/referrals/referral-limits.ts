/** The summary a partner reads of the case, trimmed (the API's `CreateReferralsDto.sharedSummary`). */
export const REFERRAL_SUMMARY_MIN = 10;
export const REFERRAL_SUMMARY_MAX = 3000;
