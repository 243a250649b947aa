import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ACCOUNT_SID, newCallSid, newMessageSid, postWebhook } from '../support/twilio-webhooks';
import { monthIn } from '../support/calendar';
import { AttachmentsService } from '#api/modules/messaging/attachments.service';
import { VoicemailsService } from '#api/modules/telephony/voicemails.service';

/**
 * The office walk: for every route of the OpenAPI document, each role of one office is tried
 * against the records of the other office, and must get 403 or 404, never data, and change
 * nothing. Both directions are walked (Almaty staff on Astana's records and Astana staff on
 * Almaty's). The list of routes comes from libs/api-client/openapi.json, so a route added
 * later is walked too, and fails loudly until its path parameters and body are described here.
 */

const PUBLIC_URL = 'https://hotline.example.org';
const REQUEST_TIMEOUT_MS = 10_000;

type Office = 'almaty' | 'astana';
type Role = 'operator' | 'caseworker' | 'supervisor' | 'admin' | 'partner';
type Staff = Exclude<Role, 'partner'>;

const OFFICES: Record<Office, { code: string; line: string; digit: string; names: [string, string]; document: string }> = {
  almaty: { code: 'ALA', line: '+77000011618', digit: '2', names: ['Айжан Тайнова', 'Aizhan Tainova'], document: 'N20260101' },
  astana: { code: 'AST', line: '+77000011617', digit: '7', names: ['Жанар Секретова', 'Zhanar Sekretova'], document: 'N70260707' },
};
const STAFF: Staff[] = ['operator', 'caseworker', 'supervisor', 'admin'];
/** Only Almaty has a partner (the shelter's coordinator). */
const ROLES: Record<Office, Role[]> = { almaty: [...STAFF, 'partner'], astana: [...STAFF] };
const DIRECTIONS: { attacker: Office; victim: Office }[] = [
  { attacker: 'almaty', victim: 'astana' },
  { attacker: 'astana', victim: 'almaty' },
];

// ---- the operations of the contract --------------------------------------------------------

interface Operation {
  key: string;
  method: string;
  path: string;
  params: string[];
  query: { name: string; required: boolean }[];
  hasBody: boolean;
}

type OpenApi = { paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[]; requestBody?: unknown }>> };
const contract = JSON.parse(readFileSync(join(__dirname, '../../libs/api-client/openapi.json'), 'utf8')) as OpenApi;
const operations: Operation[] = Object.entries(contract.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    key: `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path,
    params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
    query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: !!p.required })),
    hasBody: !!op.requestBody,
  })),
);
const withIds = operations.filter((op) => op.params.length > 0);

/** A path parameter is named by the path segment before it (`cases:id`) or, when it has its own name, by that (`taskId`). */
function paramKey(path: string, name: string): string {
  if (name !== 'id') return name;
  const before =
    path
      .slice(0, path.indexOf(`{${name}}`))
      .split('/')
      .filter(Boolean)
      .pop() ?? '';
  return `${before}:id`;
}

// ---- what one office holds -----------------------------------------------------------------

interface Seeded {
  office: Office;
  officeId: string;
  users: Record<Staff | 'target', string>;
  /** Record ids by what they are. */
  ids: {
    person: string;
    duplicate: string;
    document: string;
    merge: string;
    personFlag: string;
    phoneFlag: string;
    firstContact: string;
    contact: string;
    case: string;
    task: string;
    consent: string;
    referral: string;
    draftReferral: string;
    callback: string;
    placedCallback: string;
    queuedCall: string;
    liveCall: string;
    heldCall: string;
    thread: string;
    alert: string;
    voicemail: string;
    voicemailContact: string;
    quickReply: string;
    attachment: string;
    /** A scan kept with the case. */
    caseAttachment: string;
    /** A safety plan of the case, with a review date (its review task is a task of the case). */
    plan: string;
    /** A request to move the case to a third office, still pending (neither walked office may answer it). */
    transfer: string;
  };
  reference: string;
  nextStatus: string;
  /** Strings that must never reach the other office, by what they are. */
  secrets: Record<string, string>;
}

/** Organisations and articles belong to the whole line, not to an office. */
interface Shared {
  legalCentre: string;
  shelter: string;
  article: string;
  template: string;
  /** A knowledge-base file no longer offered (its share link answers 404, and nothing can remove it again). */
  knowledgeFile: string;
  knowledgeToken: string;
  /** A third office, where each office's seeded case is asked to move. */
  elsewhere: string;
}

/**
 * Which record of the victim office each path parameter names. A value with several ids is
 * tried with each (a flag on a person and one on a number; a sent referral and a draft).
 */
const PARAMS: Record<string, (v: Seeded, s: Shared) => string | string[]> = {
  'users:id': (v) => v.users.target,
  'offices:id': (v) => v.officeId,
  mergeId: (v) => v.ids.merge,
  flagId: (v) => [v.ids.personFlag, v.ids.phoneFlag],
  'people:id': (v) => v.ids.person,
  identifierId: (v) => v.ids.document,
  'cases:id': (v) => v.ids.case,
  caseId: (v) => v.ids.case,
  planId: (v) => v.ids.plan,
  userId: (v) => v.users.supervisor,
  taskId: (v) => v.ids.task,
  consentId: (v) => v.ids.consent,
  'alerts:id': (v) => v.ids.alert,
  'contacts:id': (v) => v.ids.contact,
  'organisations:id': (_v, s) => s.legalCentre,
  'articles:id': (_v, s) => s.article,
  articleId: (_v, s) => s.article,
  // Files of the knowledge base belong to the whole line, like its articles.
  'files:id': (_v, s) => s.knowledgeFile,
  token: (_v, s) => s.knowledgeToken,
  'referrals:id': (v) => [v.ids.referral, v.ids.draftReferral],
  'callbacks:id': (v) => v.ids.callback,
  'calls:id': (v) => v.ids.heldCall,
  'conversations:id': (v) => v.ids.thread,
  'voicemails:id': (v) => v.ids.voicemail,
  'quick-replies:id': (v) => v.ids.quickReply,
  'attachments:id': (v) => v.ids.attachment,
  attachmentId: (v) => v.ids.caseAttachment,
  'case-transfers:id': (v) => v.ids.transfer,
  // WhatsApp templates belong to the whole line, like the directory.
  'message-templates:id': (_v, s) => s.template,
  // The hotline's numbers belong to the whole line, like the directory.
  number: () => '+77000011616',
  // Recorded prompts belong to the whole line too.
  kind: () => 'hold',
  language: () => 'ru',
};

/** Where the record must be in a particular state for the request to be one only the scope rule can refuse. */
const PARAM_OVERRIDES: Record<string, Record<string, (v: Seeded) => string>> = {
  'POST /api/v1/telephony/calls/{id}/answer': { id: (v) => v.ids.queuedCall },
  'POST /api/v1/telephony/calls/{id}/transfer': { id: (v) => v.ids.liveCall },
  'POST /api/v1/callbacks/{id}/outcome': { id: (v) => v.ids.placedCallback },
};

/** Path parameters naming a record that lives inside the first one (a task of a case): also tried under the attacker's own parent. */
const CHILD_PARAMS = new Set(['taskId', 'consentId', 'identifierId', 'attachmentId', 'planId']);

/** The file a case keeps, for the upload that takes the file itself as its body. */
const WALK_PDF = Buffer.from('%PDF-1.4\n% office walk: must not land\n%%EOF\n');
/** Query strings an operation needs besides its path (a case's file is named and sorted in the query). */
const QUERIES: Record<string, string> = { 'POST /api/v1/cases/{id}/attachments': 'name=walk.pdf&category=other' };

interface BodyContext {
  /** The ids put in the path. */
  p: Record<string, string>;
  v: Seeded;
  a: Seeded;
  s: Shared;
  /** The record's current version, so that a stale version is never why a write is refused. */
  ver: (id: string) => number;
  /** The role may reach this record (allow-list): send a stale version so that nothing is written. */
  stale: boolean;
}

/** The value, or a loud failure naming what was missing (seeding relies on these). */
function present<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing: ${what}`);
  return value;
}

/** 'refused' when the status is one of these, else the status itself (so a failure shows what came back). */
const refusal = (status: number, refusals: number[]): string | number => (refusals.includes(status) ? 'refused' : status);

/** The application's clock, once it has started (every date below is by it). */
let appClock: { now(): Date; nowMs(): number };
const later = (hours: number) => new Date(appClock.nowMs() + hours * 3600_000).toISOString();

/** A plausible body for every operation with one: valid, current versions, the victim's own references. */
const BODIES: Record<string, (c: BodyContext) => unknown> = {
  'PATCH /api/v1/users/{id}': (c) => ({ version: c.stale ? 999 : c.ver(c.p.id), displayName: 'Walked Over' }),
  'PATCH /api/v1/offices/{id}': (c) => ({ version: c.stale ? 999 : c.ver(c.p.id), name: 'Walked Over' }),
  'PUT /api/v1/telephony/lines/{number}': () => ({ version: 999, openingHours: null, afterHours: 'message' }),
  // A JSON body where a recording is expected: refused (415) whoever sends it, nothing written.
  'PUT /api/v1/telephony/prompts/{kind}/{language}': () => ({ not: 'a recording' }),
  'PATCH /api/v1/people/{id}': (c) => ({ version: c.ver(c.p.id), name: 'Walked Over' }),
  'POST /api/v1/people/{id}/reveal': () => ({ reason: 'Office walk: must not be revealed' }),
  'POST /api/v1/people/{id}/identifiers': () => ({ kind: 'phone', value: '+77010009999' }),
  'POST /api/v1/people/{id}/flags': () => ({ kind: 'abusive', reason: 'Office walk' }),
  'POST /api/v1/people/{id}/merge': (c) => ({ duplicateId: c.v.ids.duplicate, reason: 'Office walk: same client' }),
  'PATCH /api/v1/cases/{id}': (c) => ({ version: c.ver(c.p.id), summary: 'Walked over' }),
  'POST /api/v1/cases/{id}/status': (c) => ({ version: c.ver(c.p.id), status: c.v.nextStatus }),
  'POST /api/v1/cases/{id}/closure-approval': (c) => ({ version: c.ver(c.p.id) }),
  'POST /api/v1/cases/{id}/assignee': (c) => ({ version: c.ver(c.p.id), assigneeId: c.v.users.supervisor }),
  // The danger is the case reaching the attacker's office: share it with their own case worker.
  'POST /api/v1/cases/{id}/shares': (c) => ({ userId: c.a.users.caseworker }),
  'POST /api/v1/cases/{id}/notes': () => ({ body: 'Office walk: a note that must not land' }),
  'POST /api/v1/cases/{id}/tasks': () => ({ title: 'Office walk: a task that must not land' }),
  'PATCH /api/v1/cases/{id}/tasks/{taskId}': (c) => ({ version: c.ver(c.p.taskId), status: 'done' }),
  'POST /api/v1/cases/{id}/consents': () => ({ purpose: 'contact_back', channel: 'verbal_on_call' }),
  'POST /api/v1/cases/{caseId}/plans': () => ({
    kind: 'safety',
    riskLevel: 'high',
    safetyMeasures: 'Office walk: a plan that must not land',
    reviewDate: later(48).slice(0, 10),
  }),
  'PATCH /api/v1/cases/{caseId}/plans/{planId}': (c) => ({ version: c.ver(c.p.planId), riskLevel: 'low', reviewDate: later(96).slice(0, 10) }),
  'POST /api/v1/cases/{caseId}/plans/{planId}/review': (c) => ({ version: c.ver(c.p.planId), nextReviewDate: later(96).slice(0, 10) }),
  'POST /api/v1/cases/{caseId}/plans/{planId}/close': (c) => ({ version: c.ver(c.p.planId) }),
  // The file itself, as the console sends it (see send).
  'POST /api/v1/cases/{id}/attachments': () => WALK_PDF,
  'PATCH /api/v1/contacts/{id}': (c) => ({ version: c.ver(c.p.id), notes: 'Walked over' }),
  'POST /api/v1/contacts/{id}/complete': (c) => ({ version: c.ver(c.p.id) }),
  'POST /api/v1/contacts/{id}/case': (c) => ({ version: c.ver(c.p.id), caseId: c.v.ids.case }),
  'POST /api/v1/contacts/{id}/open-case': (c) => ({ version: c.ver(c.p.id), type: 'trafficking' }),
  'POST /api/v1/contacts/{id}/reveal': () => ({ reason: 'Office walk: must not be revealed' }),
  'PATCH /api/v1/directory/organisations/{id}': (c) => ({ version: c.stale ? 999 : c.ver(c.p.id), name: 'Walked Over' }),
  'PATCH /api/v1/knowledge/articles/{id}': (c) => ({ version: c.stale ? 999 : c.ver(c.p.id), title: 'Walked over' }),
  'POST /api/v1/cases/{id}/referrals': (c) => ({
    targets: [{ organisationId: c.s.shelter, serviceType: 'shelter' }],
    sharedSummary: 'Office walk: must not be sent',
    send: true,
  }),
  'POST /api/v1/referrals/{id}/status': (c) => ({ version: c.ver(c.p.id), status: c.p.id === c.v.ids.draftReferral ? 'sent' : 'accepted' }),
  'POST /api/v1/partner/referrals/{id}/status': (c) => ({ version: c.ver(c.p.id), status: 'accepted' }),
  'POST /api/v1/callbacks/{id}/reschedule': (c) => ({ version: c.ver(c.p.id), dueAt: later(5) }),
  'POST /api/v1/callbacks/{id}/place': (c) => ({ version: c.ver(c.p.id) }),
  'POST /api/v1/callbacks/{id}/outcome': (c) => ({ version: c.ver(c.p.id), outcome: 'reached' }),
  'POST /api/v1/callbacks/{id}/cancel': (c) => ({ version: c.ver(c.p.id), reason: 'Office walk' }),
  'POST /api/v1/telephony/calls/{id}/transfer': (c) => ({ toUserId: c.v.users.supervisor, mode: 'cold' }),
  'POST /api/v1/conversations/{id}/messages': () => ({ body: 'Office walk: must not be sent' }),
  'POST /api/v1/conversations/{id}/assign': (c) => ({ userId: c.v.users.operator }),
  'POST /api/v1/conversations/{id}/template': (c) => ({ templateId: c.s.template, variables: ['Office walk'] }),
  'POST /api/v1/conversations/{id}/files': (c) => ({ fileId: c.s.knowledgeFile, caption: 'Office walk' }),
  'PATCH /api/v1/message-templates/{id}': () => ({ version: 999, active: false }),
  'PATCH /api/v1/quick-replies/{id}': (c) => ({ version: c.stale ? 999 : c.ver(c.p.id), body: 'Office walk: walked over' }),
  'PUT /api/v1/cases/{id}/legal-hold': () => ({ hold: true, reason: 'Office walk' }),
  // The danger is the case moving to the attacker's office, or its pending request being answered by them.
  'POST /api/v1/cases/{id}/transfers': (c) => ({ toOfficeId: c.a.officeId, reason: 'Office walk: move it to us' }),
  'POST /api/v1/case-transfers/{id}/accept': (c) => ({ assigneeId: c.a.users.caseworker }),
  'POST /api/v1/case-transfers/{id}/decline': () => ({ reason: 'Office walk: declined' }),
};

/**
 * Operations that are not office-scoped for some roles, by design, and what those roles get.
 * Everyone else is walked as usual. Writes here carry a stale version (or target a record in
 * a state that refuses the change), so the rule is shown without anything being written.
 */
const ALLOWED: { key: string; roles: Role[]; status: number; reason: string }[] = [
  // Administrators manage every user of the installation (UsersService.visibleOffices: users.manage has no office).
  // They can also give themselves any office, so an office boundary on them would protect nothing.
  { key: 'GET /api/v1/users/{id}', roles: ['admin'], status: 200, reason: 'users.manage spans the installation' },
  { key: 'PATCH /api/v1/users/{id}', roles: ['admin'], status: 409, reason: 'users.manage spans the installation (stale version: nothing written)' },
  {
    key: 'POST /api/v1/users/{id}/mfa/reset',
    roles: ['admin'],
    status: 200,
    reason: 'users.manage spans the installation (target: a throwaway user without a second factor)',
  },
  {
    key: 'POST /api/v1/users/{id}/invitation',
    roles: ['admin'],
    status: 409,
    reason: 'users.manage spans the installation (the target has joined already: nothing written)',
  },
  {
    key: 'POST /api/v1/users/{id}/password-reset',
    roles: ['admin'],
    status: 200,
    reason: 'users.manage spans the installation (a reset link for the throwaway target; its password is untouched)',
  },
  // Offices are the installation's configuration (name, code, time zone), the same list every offices.read holder sees.
  { key: 'GET /api/v1/offices/{id}', roles: ['supervisor', 'admin'], status: 200, reason: "office configuration, no one's personal data" },
  { key: 'PATCH /api/v1/offices/{id}', roles: ['admin'], status: 409, reason: 'offices.manage spans the installation (stale version: nothing written)' },
  {
    key: 'PATCH /api/v1/message-templates/{id}',
    roles: ['admin'],
    status: 409,
    reason: 'the line’s WhatsApp templates span the installation (stale version: nothing written)',
  },
  {
    key: 'PUT /api/v1/telephony/lines/{number}',
    roles: ['admin'],
    status: 409,
    reason: 'the line’s numbers span the installation (stale version: nothing written)',
  },
  {
    key: 'PUT /api/v1/telephony/prompts/{kind}/{language}',
    roles: ['operator', 'caseworker', 'supervisor', 'admin', 'partner'],
    status: 415,
    reason: 'a body that is not a recording is refused before anything else (prompts span the installation, and hold no one’s data)',
  },
  // The service directory and the knowledge base are one for the whole line.
  {
    key: 'GET /api/v1/directory/organisations/{id}',
    roles: ['operator', 'caseworker', 'supervisor', 'admin'],
    status: 200,
    reason: 'one directory for the line',
  },
  { key: 'PATCH /api/v1/directory/organisations/{id}', roles: ['admin'], status: 409, reason: 'one directory for the line (stale version: nothing written)' },
  {
    key: 'GET /api/v1/knowledge/articles/{id}',
    roles: ['operator', 'caseworker', 'supervisor', 'admin'],
    status: 200,
    reason: 'one knowledge base for the line',
  },
  {
    key: 'PATCH /api/v1/knowledge/articles/{id}',
    roles: ['supervisor', 'admin'],
    status: 409,
    reason: 'one knowledge base for the line (stale version: nothing written)',
  },
  {
    key: 'GET /api/v1/knowledge/files/{id}/content',
    roles: ['operator', 'caseworker', 'supervisor', 'admin'],
    status: 200,
    reason: 'one knowledge base for the line (a leaflet, no one’s data)',
  },
  // Undoing a merge is the administrators' repair tool for the whole installation (people.unmerge; the
  // merges list has no office either); it answers with ids only. The mapped merge was already undone: 409.
  {
    key: 'POST /api/v1/people/merges/{mergeId}/undo',
    roles: ['admin'],
    status: 409,
    reason: 'people.unmerge spans the installation (merge already undone: nothing written)',
  },
];
const allowedFor = (key: string, role: Role) => ALLOWED.find((a) => a.key === key && a.roles.includes(role));

/**
 * Lists that legitimately show some of the other office, by design, and which of its
 * strings they may show (see `secrets` in seedOffice for the labels).
 */
const LIST_ALLOWED: { key: string; roles: Role[]; mayShow: RegExp; reason: string }[] = [
  { key: 'GET /api/v1/users', roles: ['admin'], mayShow: /^(user \w+ id|office id|staff e-mail|target e-mail)$/, reason: 'administrators manage every user' },
  { key: 'GET /api/v1/offices', roles: ['supervisor', 'admin'], mayShow: /^office id$/, reason: 'office configuration' },
  {
    key: 'GET /api/v1/telephony/lines',
    roles: ['supervisor', 'admin'],
    mayShow: /^office id$/,
    reason: 'the line’s numbers and the office each one rings (no one’s personal data)',
  },
  {
    key: 'GET /api/v1/audit',
    roles: ['admin'],
    mayShow: /./,
    reason: 'administrators read the whole audit log (AuditLogService: users.manage sees all); it holds ids and codes, never identifiers',
  },
  // Supervisors read what people of their office did and what was done to people of their office (AuditLogService):
  // here the administrators' allowed second-factor reset above, seen from both sides (target user, acting administrator).
  {
    key: 'GET /api/v1/audit',
    roles: ['supervisor'],
    mayShow: /^(user target id|user admin id|staff e-mail)$/,
    reason: "entries by or about their own office's people",
  },
  {
    key: 'GET /api/v1/people/merges',
    roles: ['admin'],
    mayShow: /^(office id|merge id|person id|duplicate id)$/,
    reason: 'the installation-wide merge repair list: ids only',
  },
  // Where a case may be sent: every active office's id and name (configuration, no one's personal data).
  { key: 'GET /api/v1/case-transfers/offices', roles: ['caseworker', 'supervisor'], mayShow: /^office id$/, reason: 'the offices a case may move to' },
  // dashboards.all_offices: administrators see every office's figures, broken down by office and by case worker.
  ...['line', 'activity', 'caseload', 'trafficking'].map((name) => ({
    key: `GET /api/v1/dashboards/${name}`,
    roles: ['admin'] as Role[],
    mayShow: /^(office id|user \w+ id)$/,
    reason: 'dashboards.all_offices',
  })),
  // A number's flags (do not call back, at risk, prank) protect the caller on the whole line, so every office looking the
  // number up is warned (PeopleService.activeFlags has no office). The flag record itself stays its office's: removing it elsewhere is a 404.
  {
    key: 'POST /api/v1/callers/lookup',
    roles: ['operator', 'caseworker', 'supervisor'],
    mayShow: /^phone flag id$/,
    reason: 'number flags are line-wide warnings',
  },
];

/** List routes not called here, and why. */
const LISTS_NOT_CALLED: Record<string, string> = {
  'GET /api/v1/events': 'a stream that never ends; the per-user event streams behind it are read directly below',
  'POST /api/v1/auth/logout': 'ends the session the walk uses',
};
/** POST routes that only read: searched like the GET lists; `echo` names the answer's fields that repeat the caller's own input. */
const SEARCHES: Record<string, { bodies: (v: Seeded) => unknown[]; echo: string[] }> = {
  'POST /api/v1/callers/lookup': { bodies: (v) => [101, 102, 111, 121, 131, 141].map((n) => ({ phone: v.secrets[`phone ${n}`] })), echo: ['phone'] },
};

/** Query values aimed at the victim office, by parameter name. */
const FILTERS: Record<string, (v: Seeded) => string[]> = {
  officeId: (v) => [v.officeId],
  entityId: (v) => [v.ids.case, v.ids.person, v.ids.contact],
  actorUserId: (v) => [v.users.operator, v.users.caseworker],
  caseId: (v) => [v.ids.case],
  personId: (v) => [v.ids.person, v.ids.duplicate],
  contactId: (v) => [v.ids.voicemailContact, v.ids.contact],
  assignee: (v) => [v.users.caseworker],
  q: (v) => [v.secrets['person name'], v.secrets['duplicate name'], v.reference, v.secrets.marker, v.secrets['phone 101'], v.secrets.document],
};
/** Required query parameters that aim at nothing. */
const REQUIRED: Record<string, () => string> = { month: () => monthIn(appClock.now()), format: () => 'csv' };

/** The victim's numbers given to the attacker's lookalike person: its client's, a caller's, a texter's, a callback's. */
const LOOKALIKE_PHONES = [101, 111, 121, 141];
/**
 * Those numbers, as typed in by the attacker, are theirs: they come back wherever the lookalike does
 * (its own reads, and lists and searches by number). Number flags are line-wide warnings (see LIST_ALLOWED).
 */
const LOOKALIKE_TYPED = new RegExp(`^(phone|digits) (${LOOKALIKE_PHONES.join('|')})$`);

/** Writes aimed at the other office through the body (ids in the body, own records in the path). */
const BODY_REFS: { title: string; method: string; path: (a: Seeded) => string; body: (c: BodyContext) => unknown }[] = [
  { title: 'logs a contact in the other office', method: 'POST', path: () => '/api/v1/contacts', body: (c) => ({ channel: 'voice', officeId: c.v.officeId }) },
  { title: 'logs a contact for their person', method: 'POST', path: () => '/api/v1/contacts', body: (c) => ({ channel: 'voice', personId: c.v.ids.person }) },
  { title: 'logs a contact onto their case', method: 'POST', path: () => '/api/v1/contacts', body: (c) => ({ channel: 'voice', caseId: c.v.ids.case }) },
  { title: 'opens a case in the other office', method: 'POST', path: () => '/api/v1/cases', body: (c) => ({ type: 'other', officeId: c.v.officeId }) },
  { title: 'opens a case for their person', method: 'POST', path: () => '/api/v1/cases', body: (c) => ({ type: 'other', personId: c.v.ids.person }) },
  {
    title: 'opens a case for their case worker',
    method: 'POST',
    path: () => '/api/v1/cases',
    body: (c) => ({ type: 'other', assigneeId: c.v.users.caseworker }),
  },
  {
    title: 'records a person in the other office',
    method: 'POST',
    path: () => '/api/v1/people',
    body: (c) => ({ name: 'Walked Over', officeId: c.v.officeId }),
  },
  { title: 'schedules a callback on their case', method: 'POST', path: () => '/api/v1/callbacks', body: (c) => ({ caseId: c.v.ids.case, dueAt: later(4) }) },
  {
    title: 'schedules a callback on their contact',
    method: 'POST',
    path: () => '/api/v1/callbacks',
    body: (c) => ({ contactId: c.v.ids.contact, dueAt: later(4) }),
  },
  {
    title: 'schedules a callback for their case worker',
    method: 'POST',
    path: () => '/api/v1/callbacks',
    body: (c) => ({ phone: '+77010008888', dueAt: later(4), assigneeId: c.v.users.caseworker }),
  },
  {
    title: 'links an own contact to their case',
    method: 'POST',
    path: (a) => `/api/v1/contacts/${a.ids.contact}/case`,
    body: (c) => ({ version: c.ver(c.a.ids.contact), caseId: c.v.ids.case }),
  },
  {
    title: 'points an own contact at their person',
    method: 'PATCH',
    path: (a) => `/api/v1/contacts/${a.ids.contact}`,
    body: (c) => ({ version: c.ver(c.a.ids.contact), personId: c.v.ids.person }),
  },
  {
    title: 'points an own case at their person',
    method: 'PATCH',
    path: (a) => `/api/v1/cases/${a.ids.case}`,
    body: (c) => ({ version: c.ver(c.a.ids.case), personId: c.v.ids.person }),
  },
  {
    title: 'merges their person into an own one',
    method: 'POST',
    path: (a) => `/api/v1/people/${a.ids.person}/merge`,
    body: (c) => ({ duplicateId: c.v.ids.person, reason: 'Office walk: same client' }),
  },
  {
    title: 'gives a task of an own case to their case worker',
    method: 'POST',
    path: (a) => `/api/v1/cases/${a.ids.case}/tasks`,
    body: (c) => ({ title: 'Office walk', assigneeId: c.v.users.caseworker }),
  },
  {
    title: 'assigns an own case to their case worker',
    method: 'POST',
    path: (a) => `/api/v1/cases/${a.ids.case}/assignee`,
    body: (c) => ({ version: c.ver(c.a.ids.case), assigneeId: c.v.users.caseworker }),
  },
  {
    title: 'transfers an own call to their operator',
    method: 'POST',
    path: (a) => `/api/v1/telephony/calls/${a.ids.liveCall}/transfer`,
    body: (c) => ({ toUserId: c.v.users.operator, mode: 'cold' }),
  },
  {
    title: 'hands an own callback to their operator',
    method: 'POST',
    path: (a) => `/api/v1/callbacks/${a.ids.callback}/reschedule`,
    body: (c) => ({ version: c.ver(c.a.ids.callback), dueAt: later(6), assigneeId: c.v.users.operator }),
  },
];

/**
 * The rows a walk must not change, per table and office (an SQL expression for the row's
 * office). Configuration tables are included: nothing in the walk may change them either.
 * Not here: audit_log (reads are audited), sessions (sign-ins), dashboards' rollups, and the
 * two throwaway users the administrators may reset (see ALLOWED).
 */
const FINGERPRINTED: Record<string, string> = {
  users: '(SELECT x.office_id FROM user_offices x WHERE x.user_id = t.id ORDER BY x.office_id LIMIT 1)',
  people: 't.office_id',
  person_identifiers: '(SELECT x.office_id FROM people x WHERE x.id = t.person_id)',
  person_flags: 't.office_id',
  person_merges: 't.office_id',
  cases: 't.office_id',
  contacts: 't.office_id',
  case_events: '(SELECT x.office_id FROM cases x WHERE x.id = t.case_id)',
  case_tasks: '(SELECT x.office_id FROM cases x WHERE x.id = t.case_id)',
  case_plans: '(SELECT x.office_id FROM cases x WHERE x.id = t.case_id)',
  case_consents: '(SELECT x.office_id FROM cases x WHERE x.id = t.case_id)',
  case_shares: '(SELECT x.office_id FROM cases x WHERE x.id = t.case_id)',
  case_trafficking_events: '(SELECT x.office_id FROM cases x WHERE x.id = t.case_id)',
  case_reference_sequences: 'NULL::uuid',
  alerts: 't.office_id',
  referrals: 't.office_id',
  contact_articles: '(SELECT x.office_id FROM contacts x WHERE x.id = t.contact_id)',
  telephony_calls: 't.office_id',
  conversations: 't.office_id',
  conversation_messages: '(SELECT x.office_id FROM conversations x WHERE x.id = t.conversation_id)',
  message_attachments: 't.office_id',
  quick_replies: 't.office_id',
  callbacks: 't.office_id',
  callback_attempts: '(SELECT x.office_id FROM callbacks x WHERE x.id = t.callback_id)',
  case_transfers: 't.from_office_id',
  case_attachments: '(SELECT x.office_id FROM cases x WHERE x.id = t.case_id)',
  offices: 't.id',
  user_offices: 't.office_id',
  organisations: 'NULL::uuid',
  knowledge_articles: 'NULL::uuid',
  message_templates: 'NULL::uuid',
  retention_settings: 'NULL::uuid',
};

// ---- the walk ----------------------------------------------------------------------------

describe("office walk: every route, every role, the other office's records", () => {
  let t: TestApp;
  let redis: Redis;
  let shared: Shared;
  let fingerprintBefore: Record<string, string>;
  let walkStartedAt: Date;
  const seeded = {} as Record<Office, Seeded>;
  /** A person of the attacker's office recorded with the victim office's numbers (anyone may type any number). */
  const lookalikes = {} as Record<Office, string>;
  const clients = {} as Record<Office, Partial<Record<Role, TestClient>>>;
  const clientOf = (office: Office, role: Role) => present(clients[office][role], `${role}.${office} signed in`);

  interface Answer {
    status: number;
    problem: boolean;
    code: string | undefined;
    text: string;
  }

  async function send(client: TestClient, method: string, path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { cookie: `mayak_session=${client.jar.get('mayak_session')}` };
    if (!['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] = present(client.csrfToken, 'CSRF token');
    // A Buffer is a file upload (a PDF); anything else goes as JSON.
    const file = Buffer.isBuffer(body);
    if (body !== undefined) headers['content-type'] = file ? 'application/pdf' : 'application/json';
    const payload = body === undefined ? undefined : file ? new Uint8Array(body) : JSON.stringify(body);
    const response = await fetch(`${t.baseUrl}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    const problem = (response.headers.get('content-type') ?? '').includes('application/problem+json');
    let code: string | undefined;
    let visible = text;
    if (problem) {
      // `instance` is the path the caller sent (their own input echoed), `requestId` differs per request.
      const { instance: _instance, requestId: _requestId, ...rest } = JSON.parse(text) as Record<string, unknown>;
      code = rest.code as string | undefined;
      visible = JSON.stringify(rest);
    }
    return { status: response.status, problem, code, text: visible };
  }

  /** The labels of the victim's strings found in an answer, minus those it may show and the fields that echo the caller's input. */
  function leaks(answer: Answer, v: Seeded, mayShow: (RegExp | undefined)[] = [], echo: string[] = []): string[] {
    let text = answer.text.toLowerCase();
    if (echo.length && answer.status === 200)
      text = JSON.stringify(
        Object.fromEntries(Object.entries(JSON.parse(answer.text) as Record<string, unknown>).filter(([key]) => !echo.includes(key))),
      ).toLowerCase();
    return Object.entries(v.secrets)
      .filter(([label, value]) => text.includes(value.toLowerCase()) && !mayShow.some((m) => m?.test(label)))
      .map(([label]) => label);
  }

  async function versions(...offices: Seeded[]): Promise<(id: string) => number> {
    const ids = offices
      .flatMap((o) => [...Object.values(o.ids), ...Object.values(o.users), o.officeId])
      .concat([shared.legalCentre, shared.shelter, shared.article]);
    const tables = [
      'cases',
      'contacts',
      'people',
      'case_tasks',
      'case_plans',
      'referrals',
      'callbacks',
      'users',
      'offices',
      'organisations',
      'knowledge_articles',
      'telephony_calls',
      'conversations',
      'quick_replies',
    ];
    const rows = await t.db.query<{ id: string; version: number }>(
      tables.map((table) => `SELECT id::text AS id, version FROM ${table} WHERE id = ANY($1::uuid[])`).join(' UNION ALL '),
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r.version]));
    return (id: string) => byId.get(id) ?? 1;
  }

  async function fingerprint(): Promise<Record<string, string>> {
    const result: Record<string, string> = {};
    for (const [table, office] of Object.entries(FINGERPRINTED)) {
      const rows = await t.db.query<{ office: string; n: number; md5: string }>(
        `SELECT coalesce(o.code, '-') AS office, count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5
           FROM ${table} t LEFT JOIN offices o ON o.id = ${office} ${table === 'users' ? `WHERE t.email NOT LIKE 'walk.target.%'` : ''} GROUP BY 1`,
      );
      for (const row of rows) result[`${table}@${row.office}`] = `${row.n} rows, md5 ${row.md5}`;
    }
    return result;
  }

  function must<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
    if (result.data === undefined) throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
    return result.data;
  }

  /** A caller rings this office's number and picks a language; returns the call's id. */
  async function ringIn(office: Office, from: string): Promise<string> {
    const callSid = newCallSid();
    const base = { CallSid: callSid, AccountSid: ACCOUNT_SID, From: from, To: OFFICES[office].line, Direction: 'inbound', ApiVersion: '2010-04-01' };
    for (const [path, extra] of [
      ['/voice', { CallStatus: 'ringing' }],
      ['/voice/language', { CallStatus: 'in-progress', Digits: '1' }],
    ] as const) {
      const response = await postWebhook(t.baseUrl, PUBLIC_URL, path, { ...base, ...extra });
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    }
    const [call] = await t.db.query<{ id: string; office: string }>(
      `SELECT c.id, o.code AS office FROM telephony_calls c JOIN offices o ON o.id = c.office_id WHERE c.call_sid = $1`,
      [callSid],
    );
    expect(call.office).toBe(OFFICES[office].code);
    return call.id;
  }

  /** One of every kind of record, made by the office's own staff through the API. */
  async function seedOffice(office: Office): Promise<Seeded> {
    const { code, digit, names, document: documentNumber } = OFFICES[office];
    const c = clients[office] as Record<Staff, TestClient>;
    const [{ id: officeId }] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE code = $1`, [code]);
    const staff = await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users WHERE email LIKE $1`, [`%.${office}@mayak.test`]);
    const userOf = (role: Staff) =>
      present(
        staff.find((u) => u.email === `${role}.${office}@mayak.test`),
        `${role}.${office}`,
      ).id;
    const phone = (n: number) => `+7701${digit.repeat(3)}0${n}`;
    const marker = `WALK${code}${randomBytes(4).toString('hex')}`;

    // A user only the walk's administrators touch (their allowed second-factor reset ends its sessions).
    const target = must(
      'target user',
      await c.admin.api.POST('/api/v1/users', {
        body: {
          email: `walk.target.${office}@mayak.test`,
          displayName: `Walk Target ${code}`,
          password: `${marker}-long-passphrase`,
          roles: ['operator'],
          officeIds: [officeId],
        },
      }),
    );

    // People: a client with a phone and a document, a duplicate merged into them and split again, flags.
    const person = must(
      'person',
      await c.operator.api.POST('/api/v1/people', {
        body: {
          name: names[0],
          gender: 'Feminine',
          birthYear: 1994,
          citizenship: ['UZ'],
          languages: ['ru'],
          identifiers: [
            { kind: 'phone', value: phone(101) },
            { kind: 'document', value: documentNumber },
          ],
        },
      }),
    );
    const duplicate = must(
      'duplicate',
      await c.operator.api.POST('/api/v1/people', { body: { name: names[1], identifiers: [{ kind: 'phone', value: phone(102) }] } }),
    );
    must(
      'merge',
      await c.supervisor.api.POST('/api/v1/people/{id}/merge', {
        params: { path: { id: person.id } },
        body: { duplicateId: duplicate.id, reason: 'The same client twice' },
      }),
    );
    const merge = must('merges', await c.admin.api.GET('/api/v1/people/merges', { params: { query: { limit: 100 } } })).items.find(
      (m) => m.mergedId === duplicate.id,
    );
    if (!merge) throw new Error('the merge is not listed');
    must('undo merge', await c.admin.api.POST('/api/v1/people/merges/{mergeId}/undo', { params: { path: { mergeId: merge.id } } }));
    const personFlag = must(
      'person flag',
      await c.operator.api.POST('/api/v1/people/{id}/flags', { params: { path: { id: person.id } }, body: { kind: 'at_risk', reason: 'Partner is violent' } }),
    );
    const phoneFlag = must(
      'phone flag',
      await c.operator.api.POST('/api/v1/people/caller-flags', { body: { phone: phone(131), kind: 'prank', reason: 'Calls and laughs' } }),
    );

    // A contact that opened a case, and a critical one (an alert for the supervisors) left open.
    const first = must(
      'first contact',
      await c.operator.api.POST('/api/v1/contacts', {
        body: {
          channel: 'voice',
          phone: phone(101),
          personId: person.id,
          category: 'labour_exploitation',
          callerType: 'victim',
          notes: `${marker} passport kept by the employer`,
          consentToRecord: true,
          consentToRefer: true,
        },
      }),
    );
    const opened = must(
      'open case',
      await c.operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: first.id } },
        body: { version: first.version, type: 'trafficking', assigneeId: userOf('caseworker'), summary: `${marker} forced labour on a farm` },
      }),
    );
    const contact = must(
      'contact',
      await c.operator.api.POST('/api/v1/contacts', {
        body: {
          channel: 'whatsapp',
          phone: phone(101),
          personId: person.id,
          category: 'trafficking_report',
          riskLevel: 'immediate_danger',
          notes: `${marker} locked in a workshop`,
        },
      }),
    );
    must(
      'article used',
      await c.operator.api.PUT('/api/v1/contacts/{id}/articles/{articleId}', { params: { path: { id: contact.id, articleId: shared.article } } }),
    );

    // The case worked: status, trafficking route, consent, note, task, share, referrals.
    const caseId = opened.case.id;
    let kase = must('case', await c.caseworker.api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } }));
    for (const status of ['open', 'in_progress'] as const)
      kase = must(
        status,
        await c.caseworker.api.POST('/api/v1/cases/{id}/status', { params: { path: { id: caseId } }, body: { version: kase.version, status } }),
      );
    kase = must(
      'details',
      await c.caseworker.api.PATCH('/api/v1/cases/{id}', {
        params: { path: { id: caseId } },
        body: { version: kase.version, exploitationTypes: ['ForcedLabour'], route: [{ type: 'Recruitment', country: 'UZ', city: 'Samarkand' }] },
      }),
    );
    kase = must(
      'consent',
      await c.caseworker.api.POST('/api/v1/cases/{id}/consents', {
        params: { path: { id: caseId } },
        body: { purpose: 'referral', channel: 'verbal_on_call' },
      }),
    );
    expect(
      (await c.caseworker.api.POST('/api/v1/cases/{id}/notes', { params: { path: { id: caseId } }, body: { body: `${marker} internal note` } })).response
        .status,
    ).toBe(204);
    const task = must(
      'task',
      await c.caseworker.api.POST('/api/v1/cases/{id}/tasks', {
        params: { path: { id: caseId } },
        body: { title: `${marker} call the consulate`, dueAt: later(24) },
      }),
    );
    const plan = must(
      'plan',
      await c.caseworker.api.POST('/api/v1/cases/{caseId}/plans', {
        params: { path: { caseId } },
        body: {
          kind: 'safety',
          riskLevel: 'high',
          risks: `${marker} the employer's brother watches the hostel`,
          safetyMeasures: `${marker} sleeps at a friend's flat`,
          reviewDate: later(72).slice(0, 10),
        },
      }),
    );
    const scan = await fetch(
      `${t.baseUrl}/api/v1/cases/${caseId}/attachments?${new URLSearchParams({ name: `${marker} passport.pdf`, category: 'identity_document', description: `${marker} passport scan` })}`,
      {
        method: 'POST',
        body: new Uint8Array(WALK_PDF),
        headers: {
          'content-type': 'application/pdf',
          cookie: `mayak_session=${c.caseworker.jar.get('mayak_session')}`,
          'x-csrf-token': present(c.caseworker.csrfToken, 'CSRF token'),
        },
      },
    );
    if (scan.status !== 201) throw new Error(`case attachment: ${scan.status} ${await scan.text()}`);
    const caseAttachment = ((await scan.json()) as { id: string }).id;
    must('share', await c.caseworker.api.POST('/api/v1/cases/{id}/shares', { params: { path: { id: caseId } }, body: { userId: userOf('supervisor') } }));
    const [referral] = must(
      'referral',
      await c.caseworker.api.POST('/api/v1/cases/{id}/referrals', {
        params: { path: { id: caseId } },
        body: { targets: [{ organisationId: shared.legalCentre, serviceType: 'legal_aid' }], sharedSummary: `${marker} legal advice`, send: true },
      }),
    );
    const [draftReferral] = must(
      'draft referral',
      await c.caseworker.api.POST('/api/v1/cases/{id}/referrals', {
        params: { path: { id: caseId } },
        body: { targets: [{ organisationId: shared.shelter, serviceType: 'shelter' }], sharedSummary: `${marker} shelter for a week` },
      }),
    );
    kase = must('case again', await c.caseworker.api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } }));

    // Callbacks: one scheduled, one being placed.
    const callback = must(
      'callback',
      await c.operator.api.POST('/api/v1/callbacks', {
        body: { consentToContactBack: true, contactId: contact.id, dueAt: later(3), notes: `${marker} after work` },
      }),
    );
    const toPlace = must(
      'callback to place',
      await c.operator.api.POST('/api/v1/callbacks', { body: { consentToContactBack: true, phone: phone(141), dueAt: later(3) } }),
    );
    must('place', await c.operator.api.POST('/api/v1/callbacks/{id}/place', { params: { path: { id: toPlace.id } }, body: { version: toPlace.version } }));

    // Calls: one waiting, one answered, one on hold for a warm transfer; a text conversation.
    const queuedCall = await ringIn(office, phone(111));
    const liveCall = await ringIn(office, phone(112));
    const heldCall = await ringIn(office, phone(113));
    must('answer', await c.operator.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: liveCall } } }));
    must('answer to hold', await c.caseworker.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: heldCall } } }));
    must(
      'warm transfer',
      await c.caseworker.api.POST('/api/v1/telephony/calls/{id}/transfer', {
        params: { path: { id: heldCall } },
        body: { toUserId: userOf('supervisor'), mode: 'warm' },
      }),
    );
    // A caller who left a voicemail instead of waiting; the worker's part is run here.
    const voicemailCall = await ringIn(office, phone(114));
    const [{ call_sid: voicemailSid }] = await t.db.query<{ call_sid: string }>(`SELECT call_sid FROM telephony_calls WHERE id = $1`, [voicemailCall]);
    await postWebhook(t.baseUrl, PUBLIC_URL, '/voice/queue-choice?lang=ru', { CallSid: voicemailSid, AccountSid: ACCOUNT_SID, Digits: '2' });
    await postWebhook(t.baseUrl, PUBLIC_URL, '/voice/queue-result', { CallSid: voicemailSid, AccountSid: ACCOUNT_SID, QueueResult: 'leave', QueueTime: '400' });
    const recordingSid = `RE${randomBytes(16).toString('hex')}`;
    await postWebhook(t.baseUrl, PUBLIC_URL, '/voice/recording-status', {
      CallSid: voicemailSid,
      AccountSid: ACCOUNT_SID,
      RecordingSid: recordingSid,
      RecordingStatus: 'completed',
      RecordingDuration: '7',
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
    });
    const [voicemail] = await t.db.query<{ id: string; contact_id: string }>(`SELECT id, contact_id FROM voicemails WHERE recording_sid = $1`, [recordingSid]);
    expect(await t.app.get(VoicemailsService).fetchAndStore(voicemail.id)).toBe('stored');
    const sms = await postWebhook(t.baseUrl, PUBLIC_URL, '/sms', {
      MessageSid: newMessageSid(),
      AccountSid: ACCOUNT_SID,
      From: phone(121),
      To: OFFICES[office].line,
      Body: `${marker} they took my passport`,
      NumMedia: '0',
    });
    expect(sms.status).toBe(200);
    const [thread] = await t.db.query<{ id: string }>(`SELECT id FROM conversations WHERE office_id = $1`, [officeId]);
    // A WhatsApp photo, kept (the worker's part run here), and the office's quick reply.
    const photoSid = `MM${randomBytes(16).toString('hex')}`;
    await postWebhook(t.baseUrl, PUBLIC_URL, '/sms', {
      MessageSid: photoSid,
      AccountSid: ACCOUNT_SID,
      From: `whatsapp:${phone(122)}`,
      To: `whatsapp:${OFFICES[office].line}`,
      Body: '',
      NumMedia: '1',
      MediaContentType0: 'image/jpeg',
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${photoSid}/Media/ME${randomBytes(16).toString('hex')}`,
    });
    const [attachment] = await t.db.query<{ id: string }>(
      `SELECT a.id FROM message_attachments a JOIN conversation_messages m ON m.id = a.message_id WHERE m.provider_message_id = $1`,
      [photoSid],
    );
    expect(await t.app.get(AttachmentsService).fetchAndStore(attachment.id)).toBe('stored');
    // The client moves on: a request to the third office waits for its answer.
    const transfer = must(
      'transfer',
      await c.caseworker.api.POST('/api/v1/cases/{id}/transfers', {
        params: { path: { id: caseId } },
        body: { toOfficeId: shared.elsewhere, reason: `${marker} the client moves to Shymkent` },
      }),
    );
    const quickReply = must(
      'quick reply',
      await c.supervisor.api.POST('/api/v1/quick-replies', { body: { officeId, language: 'ru', title: `${marker} часы`, body: 'Круглосуточно' } }),
    );

    const alert = present(
      must('alerts', await c.supervisor.api.GET('/api/v1/alerts')).items.find((a) => a.entityId === contact.id),
      'critical contact alert',
    );
    const callSids = await t.db.query<{ call_sid: string }>(`SELECT call_sid FROM telephony_calls WHERE office_id = $1`, [officeId]);

    const ids: Seeded['ids'] = {
      person: person.id,
      duplicate: duplicate.id,
      document: present(
        person.identifiers.find((i) => i.kind === 'document'),
        'document identifier',
      ).id,
      merge: merge.id,
      personFlag: personFlag.id,
      phoneFlag: phoneFlag.id,
      firstContact: first.id,
      contact: contact.id,
      case: caseId,
      task: task.id,
      consent: kase.consents[0].id,
      referral: referral.id,
      draftReferral: draftReferral.id,
      callback: callback.id,
      placedCallback: toPlace.id,
      queuedCall,
      liveCall,
      heldCall,
      thread: thread.id,
      alert: alert.id,
      voicemail: voicemail.id,
      voicemailContact: voicemail.contact_id,
      quickReply: quickReply.id,
      attachment: attachment.id,
      transfer: transfer.id,
      caseAttachment,
      plan: plan.id,
    };
    const users = {
      operator: userOf('operator'),
      caseworker: userOf('caseworker'),
      supervisor: userOf('supervisor'),
      admin: userOf('admin'),
      target: target.id,
    };
    const secrets: Record<string, string> = {
      'office id': officeId,
      'case reference': kase.reference,
      'person name': names[0],
      'duplicate name': names[1],
      'person surname': names[0].split(' ')[1],
      document: documentNumber,
      marker,
      'staff e-mail': `${office}@mayak.test`,
      'target e-mail': `walk.target.${office}`,
      ...Object.fromEntries([101, 102, 111, 112, 113, 121, 131, 141].map((n) => [`phone ${n}`, phone(n)])),
      ...Object.fromEntries([101, 102, 111, 112, 113, 121, 131, 141].map((n) => [`digits ${n}`, phone(n).slice(2)])),
      ...Object.fromEntries(Object.entries(ids).map(([what, id]) => [`${what.replace(/[A-Z]/g, (l) => ` ${l.toLowerCase()}`)} id`, id])),
      ...Object.fromEntries(person.identifiers.map((i) => [`identifier ${i.kind} id`, i.id])),
      ...Object.fromEntries(Object.entries(users).map(([role, id]) => [`user ${role} id`, id])),
      ...Object.fromEntries(callSids.map((r, i) => [`call sid ${i}`, r.call_sid])),
    };
    return {
      office,
      officeId,
      users,
      ids,
      reference: kase.reference,
      nextStatus: present(
        kase.allowedTransitions.find((s) => s !== 'closed'),
        'next case status',
      ),
      secrets,
    };
  }

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false', TELEPHONY_LINES: `${OFFICES.almaty.line}=ALA,${OFFICES.astana.line}=AST` });
    appClock = t.clock;
    redis = new Redis(t.env.REDIS_URL);
    for (const office of ['almaty', 'astana'] as const) {
      clients[office] = {};
      for (const role of ROLES[office]) clients[office][role] = await signedIn(t.baseUrl, `${role}.${office}@mayak.test`);
    }
    const orgs = await t.db.query<{ id: string; name: string }>(`SELECT id, name FROM organisations`);
    const [article] = await t.db.query<{ id: string }>(`SELECT id FROM knowledge_articles WHERE published ORDER BY created_at LIMIT 1`);
    const org = (name: string) =>
      present(
        orgs.find((o) => o.name === name),
        name,
      ).id;
    const [template] = await t.db.query<{ id: string }>(
      `INSERT INTO message_templates (language, name, content_sid, body) VALUES ('ru', 'Office walk', 'HX${'c3'.repeat(16)}', 'Линия 11616: {{1}}') RETURNING id`,
    );
    // A leaflet added and then withdrawn by the Almaty supervisor: what every route about files is tried with.
    const supervisor = clients.almaty.supervisor!;
    const added = await fetch(`${t.baseUrl}/api/v1/knowledge/files?articleId=${article.id}&name=walk.pdf`, {
      method: 'POST',
      body: new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n')),
      headers: {
        'content-type': 'application/pdf',
        cookie: `mayak_session=${supervisor.jar.get('mayak_session')}`,
        'x-csrf-token': supervisor.csrfToken ?? '',
      },
    });
    const knowledgeFile = ((await added.json()) as { id: string }).id;
    const [{ share_token: knowledgeToken }] = await t.db.query<{ share_token: string }>(`SELECT share_token FROM knowledge_files WHERE id = $1`, [
      knowledgeFile,
    ]);
    expect((await supervisor.api.DELETE('/api/v1/knowledge/files/{id}', { params: { path: { id: knowledgeFile } } })).response.status).toBe(204);
    const elsewhere = must('third office', await clients.almaty.admin!.api.POST('/api/v1/offices', { body: { name: 'Shymkent', code: 'SHY' } })).id;
    shared = {
      legalCentre: org('Правовой центр для мигрантов'),
      shelter: org('Приют «Светлый дом»'),
      article: article.id,
      template: template.id,
      knowledgeFile,
      knowledgeToken,
      elsewhere,
    };
    seeded.almaty = await seedOffice('almaty');
    seeded.astana = await seedOffice('astana');
    for (const { attacker, victim } of DIRECTIONS) {
      const identifiers = LOOKALIKE_PHONES.map((n) => ({ kind: 'phone' as const, value: seeded[victim].secrets[`phone ${n}`] }));
      lookalikes[attacker] = must(
        'lookalike',
        await clientOf(attacker, 'supervisor').api.POST('/api/v1/people', { body: { name: 'Walk Lookalike', identifiers } }),
      ).id;
    }
    fingerprintBefore = await fingerprint();
    walkStartedAt = t.clock.now();
  });
  afterAll(async () => {
    redis?.disconnect();
    await t?.close();
  });

  it('knows which record every path parameter of the contract names, and has a body for every write', () => {
    const unmapped = withIds.flatMap((op) =>
      op.params.filter((name) => !PARAMS[paramKey(op.path, name)]).map((name) => `${op.key}: {${name}} (key ${paramKey(op.path, name)})`),
    );
    const noBody = withIds.filter((op) => op.hasBody && !BODIES[op.key]).map((op) => op.key);
    const unknownLists = Object.keys({ ...LISTS_NOT_CALLED, ...SEARCHES }).filter((key) => !operations.some((op) => op.key === key));
    const unknownAllowed = [...ALLOWED, ...LIST_ALLOWED].map((a) => a.key).filter((key) => !operations.some((op) => op.key === key));
    expect({ unmapped, noBody, unknownLists, unknownAllowed }).toEqual({ unmapped: [], noBody: [], unknownLists: [], unknownAllowed: [] });
    // Seeding left every office with records of every kind it names.
    for (const office of ['almaty', 'astana'] as const) expect(Object.entries(seeded[office].ids).filter(([, id]) => !id)).toEqual([]);
  });

  function pathIdVariants(op: Operation, v: Seeded): Record<string, string>[] {
    let variants: Record<string, string>[] = [{}];
    for (const name of op.params) {
      const override = PARAM_OVERRIDES[op.key]?.[name];
      const mapped = override ? override(v) : PARAMS[paramKey(op.path, name)]?.(v, shared);
      if (!mapped) throw new Error(`No record of the other office is mapped for {${name}} of ${op.key}: add it to PARAMS`);
      const values = Array.isArray(mapped) ? mapped : [mapped];
      variants = variants.flatMap((prefix) => values.map((value) => ({ ...prefix, [name]: value })));
    }
    return variants;
  }
  const fill = (path: string, ids: Record<string, string>) => path.replace(/\{([^}]+)\}/g, (_m, name: string) => ids[name]);
  /** The path with its ids, and the query the operation needs. */
  const target = (op: Operation, ids: Record<string, string>) => `${fill(op.path, ids)}${QUERIES[op.key] ? `?${QUERIES[op.key]}` : ''}`;

  describe.each(DIRECTIONS)('$attacker staff on $victim records', ({ attacker, victim }) => {
    const cases = withIds.flatMap((op) => ROLES[attacker].map((role) => ({ op, role, title: `${attacker} ${role}: ${op.key}` })));

    it.each(cases)('$title', async ({ op, role }) => {
      const v = seeded[victim];
      const a = seeded[attacker];
      const client = clientOf(attacker, role);
      const allowed = allowedFor(op.key, role);
      for (const p of pathIdVariants(op, v)) {
        const ver = await versions(v, a);
        const body = op.hasBody ? BODIES[op.key]({ p, v, a, s: shared, ver, stale: !!allowed }) : undefined;
        const answer = await send(client, op.method, target(op, p), body);
        if (allowed) {
          // Not office-scoped for this role, by design: it answers as its own rule says.
          expect({ ids: p, status: answer.status }).toEqual({ ids: p, status: allowed.status });
          continue;
        }
        // Asked about a record that does not exist at all, the route must answer the same: ids cannot be probed.
        const ghostIds = Object.fromEntries(Object.keys(p).map((name) => [name, randomUUID()]));
        const ghost = await send(client, op.method, target(op, ghostIds), body);
        expect({
          ids: p,
          status: refusal(answer.status, [403, 404]),
          problem: answer.problem,
          leaked: leaks(answer, v),
          sameAsNonexistent: { status: ghost.status, code: ghost.code },
        }).toEqual({
          ids: p,
          status: 'refused',
          problem: true,
          leaked: [],
          sameAsNonexistent: { status: answer.status, code: answer.code },
        });
      }
    });

    // A task, consent or identifier of theirs, under an own case or person the attacker may see.
    const mixed = withIds
      .filter((op) => op.params.length === 2 && CHILD_PARAMS.has(op.params[1]))
      .flatMap((op) =>
        ROLES[attacker].map((role) => ({ op, role, title: `${attacker} ${role}: ${op.key} with an own {${op.params[0]}} and their {${op.params[1]}}` })),
      );

    it.each(mixed)('$title', async ({ op, role }) => {
      const v = seeded[victim];
      const a = seeded[attacker];
      const [parent, child] = op.params;
      const own = pathIdVariants(op, a)[0][parent];
      for (const p of pathIdVariants(op, v).map((ids) => ({ ...ids, [parent]: own }))) {
        const ver = await versions(v, a);
        const body = op.hasBody ? BODIES[op.key]({ p, v, a, s: shared, ver, stale: false }) : undefined;
        const answer = await send(clientOf(attacker, role), op.method, target(op, p), body);
        expect({ [child]: p[child], status: refusal(answer.status, [403, 404]), problem: answer.problem, leaked: leaks(answer, v) }).toEqual({
          [child]: p[child],
          status: 'refused',
          problem: true,
          leaked: [],
        });
      }
    });

    const refs = BODY_REFS.flatMap((ref) => ROLES[attacker].map((role) => ({ ref, role, title: `${attacker} ${role}: ${ref.title}` })));

    it.each(refs)('$title: refused, nothing of theirs in the answer', async ({ ref, role }) => {
      const v = seeded[victim];
      const a = seeded[attacker];
      const ver = await versions(v, a);
      const answer = await send(clientOf(attacker, role), ref.method, ref.path(a), ref.body({ p: {}, v, a, s: shared, ver, stale: false }));
      expect({ status: refusal(answer.status, [400, 403, 404, 422]), problem: answer.problem, leaked: leaks(answer, v) }).toEqual({
        status: 'refused',
        problem: true,
        leaked: [],
      });
    });

    const lists = operations
      .filter((op) => op.params.length === 0 && (op.method === 'GET' || SEARCHES[op.key]) && !LISTS_NOT_CALLED[op.key])
      .flatMap((op) => ROLES[attacker].map((role) => ({ op, role, title: `${attacker} ${role}: ${op.key}` })));

    it.each(lists)('$title shows nothing of theirs, whatever the filter', async ({ op, role }) => {
      const v = seeded[victim];
      const allowed = LIST_ALLOWED.find((l) => l.key === op.key && l.roles.includes(role));
      const requests: { path: string; body?: unknown }[] = [];
      if (SEARCHES[op.key]) {
        for (const body of SEARCHES[op.key].bodies(v)) requests.push({ path: op.path, body });
      } else {
        const base: Record<string, string> = Object.fromEntries(op.query.filter((q) => REQUIRED[q.name]).map((q) => [q.name, REQUIRED[q.name]()]));
        const aimed = op.query.flatMap((q) => (FILTERS[q.name]?.(v) ?? []).map((value) => ({ ...base, [q.name]: value })));
        for (const query of [base, ...aimed]) requests.push({ path: `${op.path}?${new URLSearchParams(query)}` });
      }
      for (const request of requests) {
        const answer = await send(clientOf(attacker, role), op.method, request.path, request.body);
        // A list answers with nothing of theirs, or refuses the filter (400 not_your_office, 403 not this role's list, 404).
        const status = answer.status === 200 ? 'answered' : refusal(answer.status, [400, 403, 404]);
        expect({
          request,
          status,
          problemIfRefused: answer.status === 200 || answer.problem,
          leaked: leaks(answer, v, [allowed?.mayShow, LOOKALIKE_TYPED], SEARCHES[op.key]?.echo),
        }).toEqual({
          request,
          status: answer.status === 200 ? 'answered' : 'refused',
          problemIfRefused: true,
          leaked: [],
        });
      }
    });
  });

  describe.each(DIRECTIONS)("$attacker staff on an own person who has $victim's numbers", ({ attacker, victim }) => {
    const reads = [
      'GET /api/v1/people/{id}',
      'GET /api/v1/people/{id}/duplicates',
      'GET /api/v1/exports/people/{id}/subject-access',
      'GET /api/v1/exports/people/{id}/corrections',
    ];
    // The lookalike was recorded by the supervisor, so it is theirs to read. Operators and case workers do not see it (404);
    // subject access is for supervisors only, and administrators and partners read no people at all (403).
    const allowedStatus = (key: string, role: Role) => {
      if (role === 'supervisor') return 200;
      if (key.includes('subject-access') || role === 'admin' || role === 'partner') return 403;
      return 404;
    };
    const cases = reads.flatMap((key) => ROLES[attacker].map((role) => ({ key, role, title: `${attacker} ${role}: ${key}` })));

    // The numbers are what the attacker typed in, so they may come back; nothing recorded by the other office may.
    it.each(cases)('$title tells nothing the other office recorded about those numbers', async ({ key, role }) => {
      const [method, path] = key.split(' ');
      const answer = await send(clientOf(attacker, role), method, fill(path, { id: lookalikes[attacker] }), undefined);
      // Supervisors read (200); roles without the permission are refused (403).
      expect({ status: answer.status, leaked: leaks(answer, seeded[victim], [LOOKALIKE_TYPED, /^phone flag id$/]) }).toEqual({
        status: allowedStatus(key, role),
        leaked: [],
      });
    });
  });

  describe('afterwards', () => {
    it('changed no row of either office', async () => {
      expect(await fingerprint()).toEqual(fingerprintBefore);
    });

    it("audited no read or write by one office of the other's records (none went through)", async () => {
      const found: { office: string; email: string; action: string; entity_id: string }[] = [];
      for (const { attacker, victim } of DIRECTIONS) {
        const recordIds = Object.values(seeded[victim].ids);
        found.push(
          ...(await t.db.query<{ office: string; email: string; action: string; entity_id: string }>(
            `SELECT $3::text AS office, a.actor_email AS email, a.action, a.entity_id FROM audit_log a
            WHERE a.occurred_at >= $1 AND a.entity_id = ANY($2::text[]) AND a.actor_user_id IN (SELECT user_id FROM user_offices WHERE office_id = $4)`,
            [walkStartedAt, recordIds, attacker, seeded[attacker].officeId],
          )),
        );
      }
      expect(found).toEqual([]);
    });

    it("sent no event about one office's records to the other office's consoles", async () => {
      const leaked: string[] = [];
      let read = 0;
      for (const { attacker, victim } of DIRECTIONS) {
        const staff = await t.db.query<{ id: string; email: string }>(
          `SELECT u.id, u.email FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE uo.office_id = $1`,
          [seeded[attacker].officeId],
        );
        for (const user of staff) {
          const entries = (await redis.xrange(`${t.redisKeyPrefix}:events:user:${user.id}`, '-', '+')) as [string, string[]][];
          read += entries.length;
          const text = JSON.stringify(entries).toLowerCase();
          for (const [label, value] of Object.entries(seeded[victim].secrets)) if (text.includes(value.toLowerCase())) leaked.push(`${user.email}: ${label}`);
        }
      }
      expect(leaked).toEqual([]);
      // The streams read are the real ones: each office's own calls, texts and alerts are in them.
      expect(read).toBeGreaterThan(0);
    });
  });
});
