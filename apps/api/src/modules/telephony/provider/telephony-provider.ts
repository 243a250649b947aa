/**
 * What Mayak needs from a telephone network, behind one interface: Twilio in production,
 * a local adapter in development and tests (it records what would have been sent). Both
 * check webhook signatures the same way, so the same code path runs everywhere.
 */
export abstract class TelephonyProvider {
  abstract readonly name: 'twilio' | 'local';

  /**
   * Whether `signature` (the X-Twilio-Signature header) is Twilio's signature of `url`
   * (PUBLIC_URL + path + query, exactly as the provider called it) and the POSTed form
   * `params`. Missing or malformed signatures are simply false.
   */
  abstract validateSignature(signature: string | undefined, url: string, params: Record<string, string>): boolean;

  /** Replaces what a live call is doing with new TwiML (connect a queued caller to an operator, put on hold, transfer). */
  abstract updateCall(callSid: string, twiml: string): Promise<void>;

  /** Ends a live call. */
  abstract hangUp(callSid: string): Promise<void>;

  /** Places an outbound call from `from` (the hotline's number) to `to`, which then runs `twiml`. */
  abstract createCall(input: { to: string; from: string; twiml: string; statusCallbackUrl: string }): Promise<{ sid: string }>;

  /** Sends a text message. */
  abstract sendMessage(input: OutboundMessageInput): Promise<{ sid: string; status: string }>;

  /** Downloads a recording the provider made (its RecordingUrl, from a signed status callback). */
  abstract fetchRecording(recordingUrl: string): Promise<{ contentType: string; bytes: Buffer }>;

  /** Deletes the provider's copy of a recording once Mayak keeps it. */
  abstract deleteRecording(recordingSid: string): Promise<void>;

  /**
   * Downloads a file that came with a message (a MediaUrl from a signed webhook), at most
   * `maxBytes` (FileTooLargeError beyond). `declaredType` is what the webhook called it.
   */
  abstract fetchMedia(mediaUrl: string, declaredType: string, maxBytes: number): Promise<Buffer>;

  /** Deletes the provider's copy of a message's file once Mayak keeps it. */
  abstract deleteMedia(mediaUrl: string): Promise<void>;
}

/** A message to send: its text, or an approved template (WhatsApp: its ContentSid and the values of its placeholders). */
export interface OutboundMessageInput {
  to: string;
  from: string;
  body: string;
  statusCallbackUrl: string;
  template?: { contentSid: string; variables: Record<string, string> };
  /** A file the provider fetches from this public address and sends with the text (WhatsApp). */
  mediaUrl?: string;
}

/** One outbound operation, as the local adapter records it (and logs it). */
export type ProviderOperation =
  | { kind: 'updateCall'; callSid: string; twiml: string; at: string }
  | { kind: 'hangUp'; callSid: string; at: string }
  | { kind: 'createCall'; sid: string; to: string; from: string; twiml: string; statusCallbackUrl: string; at: string }
  | {
      kind: 'sendMessage';
      sid: string;
      to: string;
      from: string;
      body: string;
      statusCallbackUrl: string;
      at: string;
      contentSid?: string;
      contentVariables?: Record<string, string>;
      mediaUrl?: string;
    }
  | { kind: 'fetchRecording'; recordingUrl: string; at: string }
  | { kind: 'deleteRecording'; recordingSid: string; at: string }
  | { kind: 'fetchMedia'; mediaUrl: string; at: string }
  | { kind: 'deleteMedia'; mediaUrl: string; at: string };
