/**
 * A telephony provider refused or failed an outbound operation. `status` is the HTTP status
 * Twilio answered with (absent when it could not be reached or did not answer in time) and
 * `code` Twilio's numeric error code (twilio.com/docs/errors). The message never carries
 * credentials, and no underlying error is attached: HTTP client errors hold the request's
 * Authorization header.
 */
/** A file the provider serves is larger than Mayak keeps: it was not downloaded. */
export class FileTooLargeError extends Error {
  constructor() {
    super('the file is larger than Mayak keeps');
    this.name = 'FileTooLargeError';
  }
}

export class TelephonyProviderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'TelephonyProviderError';
  }
}
