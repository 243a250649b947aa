import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths } from './schema';

type Schemas = components['schemas'];
export type LoginDto = Schemas['LoginDto'];
export type SessionDto = Schemas['SessionDto'];
export type SessionState = SessionDto['state'];
export type MeUserDto = Schemas['MeUserDto'];
export type OfficeRefDto = Schemas['OfficeRefDto'];
export type UpdateMeDto = Schemas['UpdateMeDto'];
export type MfaVerifyDto = Schemas['MfaVerifyDto'];
export type MfaEnrolmentDto = Schemas['MfaEnrolmentDto'];
export type MfaEnrolmentResultDto = Schemas['MfaEnrolmentResultDto'];
export type ChangePasswordDto = Schemas['ChangePasswordDto'];
export type RenewRecoveryCodesDto = Schemas['RenewRecoveryCodesDto'];
export type SecondFactorDto = Schemas['SecondFactorDto'];
export type SoftphoneTokenDto = Schemas['SoftphoneTokenDto'];
export type LineDto = Schemas['LineDto'];
export type UpdateLineDto = Schemas['UpdateLineDto'];
export type UserDto = Schemas['UserDto'];
export type UserPageDto = Schemas['UserPageDto'];
export type CreateUserDto = Schemas['CreateUserDto'];
export type UpdateUserDto = Schemas['UpdateUserDto'];
export type CreatedUserDto = Schemas['CreatedUserDto'];
export type IssuedAccountLinkDto = Schemas['IssuedAccountLinkDto'];
export type AccountLinkDto = Schemas['AccountLinkDto'];
export type OfficeDto = Schemas['OfficeDto'];
export type OfficePageDto = Schemas['OfficePageDto'];
export type CreateOfficeDto = Schemas['CreateOfficeDto'];
export type UpdateOfficeDto = Schemas['UpdateOfficeDto'];
export type QueueHealthDto = Schemas['QueueHealthDto'];
export type QueueStateDto = QueueHealthDto['queues'][number];
export type MetricsSummaryDto = Schemas['MetricsSummaryDto'];
export type AuditEntryDto = Schemas['AuditEntryDto'];
export type AuditPageDto = Schemas['AuditPageDto'];
export type UserRefDto = Schemas['UserRefDto'];
export type ContactDto = Schemas['ContactDto'];
export type ContactPageDto = Schemas['ContactPageDto'];
export type CreateContactDto = Schemas['CreateContactDto'];
export type UpdateContactDto = Schemas['UpdateContactDto'];
export type CallerHistoryDto = Schemas['CallerHistoryDto'];
export type PersonDto = Schemas['PersonDto'];
export type FlagDto = Schemas['FlagDto'];
export type CaseSummaryDto = Schemas['CaseSummaryDto'];
export type CaseDto = Schemas['CaseDto'];
export type CasePageDto = Schemas['CasePageDto'];
export type UpdateCaseDto = Schemas['UpdateCaseDto'];
export type TimelineEntryDto = Schemas['TimelineEntryDto'];
export type TaskDto = Schemas['TaskDto'];
export type AssignableUserDto = Schemas['AssignableUserDto'];
export type AlertDto = Schemas['AlertDto'];
export type AlertPageDto = Schemas['AlertPageDto'];
export type OrganisationDto = Schemas['OrganisationDto'];
export type OrganisationPageDto = Schemas['OrganisationPageDto'];
export type ArticleDto = Schemas['ArticleDto'];
export type KnowledgeFileDto = Schemas['KnowledgeFileDto'];
export type ArticlePageDto = Schemas['ArticlePageDto'];
export type ReferralDto = Schemas['ReferralDto'];
export type ReferralPageDto = Schemas['ReferralPageDto'];
export type PartnerReferralDto = Schemas['PartnerReferralDto'];
export type CallDto = Schemas['CallDto'];
export type ContactCallDto = Schemas['ContactCallDto'];
export type LineNowDto = Schemas['LineNowDto'];
export type ActivityDto = Schemas['ActivityDto'];
export type CaseLoadDto = Schemas['CaseLoadDto'];
export type TraffickingPictureDto = Schemas['TraffickingPictureDto'];
export type BreakdownDto = Schemas['BreakdownDto'];
export type RetentionSettingsDto = Schemas['RetentionSettingsDto'];
export type RetentionReportDto = Schemas['RetentionReportDto'];
export type PresenceDto = Schemas['PresenceDto'];
export type SetPresenceDto = Schemas['SetPresenceDto'];
export type OperatorOnDutyDto = Schemas['OperatorOnDutyDto'];
export type TransferCallDto = Schemas['TransferCallDto'];
export type ConversationDto = Schemas['ConversationDto'];
export type ConversationPageDto = Schemas['ConversationPageDto'];
export type ConversationMessageDto = Schemas['ConversationMessageDto'];
export type ConversationMessagePageDto = Schemas['ConversationMessagePageDto'];
export type MessageChannel = Schemas['MessageChannel'];
export type MessageContentKind = Schemas['MessageContentKind'];
export type CallbackDto = Schemas['CallbackDto'];
export type CallbackPageDto = Schemas['CallbackPageDto'];
export type ScheduleCallbackDto = Schemas['ScheduleCallbackDto'];
export type SafeWindowDto = Schemas['SafeWindowDto'];

/** One entry of `errors` in a problem body: a field that failed, with a stable code. */
export interface ProblemFieldError {
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 body of every API error (`application/problem+json`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: ProblemFieldError[];
  /** After an illegal state transition (409 illegal_transition): the states allowed next. */
  allowed?: string[];
  /** After too many failed attempts (429): seconds before the next attempt is checked. */
  retryAfterSeconds?: number;
  /** At sign-in (429): the password sent together with the second-factor code is accepted now. */
  secondFactorAccepted?: boolean;
}

export type ApiClient = Client<paths>;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// The API hands out a CSRF token with every session description (login, /auth/me, MFA steps);
// the console keeps the latest one here and sends it on every state-changing request.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (csrfToken && UNSAFE_METHODS.has(request.method.toUpperCase())) {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    return request;
  },
};

export interface ApiClientOptions {
  /** '' (same origin) in the console; an absolute URL elsewhere. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  headers?: Record<string, string>;
  /** Extra middleware, run after the CSRF one. */
  middleware?: Middleware[];
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    credentials: 'same-origin',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  client.use(csrfMiddleware, ...(options.middleware ?? []));
  return client;
}
