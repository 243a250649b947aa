import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Actor } from '#api/core/context/request-context';
import { notFound } from '#api/core/errors/domain-error';

/** A SQL condition over a table alias and the parameters it names. */
export interface Scope {
  sql: string;
  params: Record<string, unknown>;
}

const NOTHING: Scope = { sql: 'FALSE', params: {} };

// Operators and supervisors work for their offices' cases; case workers only for their own.
const seesOfficeCases = (actor: Actor) => actor.roles.includes('operator') || actor.roles.includes('supervisor');
const seesOfficeEverything = (actor: Actor) => actor.roles.includes('supervisor');

function params(actor: Actor): Record<string, unknown> {
  return { scopeUserId: actor.userId, scopeOfficeIds: actor.officeIds };
}

/**
 * Who sees which case (DESIGN.md): operators the cases of their offices, case workers the
 * cases assigned or shared to them, supervisors everything in their offices; anyone the
 * cases shared with them. Used by every read, list, search and write of a case.
 */
export function caseScope(actor: Actor, alias: string): Scope {
  if (!actor.permissions.includes('cases.read')) return NOTHING;
  const parts = [
    `${alias}.assignee_id = :scopeUserId`,
    `EXISTS (SELECT 1 FROM case_shares scope_share WHERE scope_share.case_id = ${alias}.id AND scope_share.user_id = :scopeUserId)`,
  ];
  if (seesOfficeCases(actor) && actor.officeIds.length) parts.push(`${alias}.office_id = ANY(:scopeOfficeIds)`);
  return { sql: `(${parts.join(' OR ')})`, params: params(actor) };
}

/**
 * A contact is seen by whoever logged it, by supervisors of its office, and by whoever
 * sees the case it belongs to (it is on that case's timeline).
 */
export function contactScope(actor: Actor, alias: string): Scope {
  if (!actor.permissions.includes('contacts.read')) return NOTHING;
  const cases = caseScope(actor, 'scope_contact_case');
  const parts = [
    `${alias}.operator_id = :scopeUserId`,
    `EXISTS (SELECT 1 FROM cases scope_contact_case WHERE scope_contact_case.id = ${alias}.case_id AND ${cases.sql})`,
  ];
  if (seesOfficeEverything(actor) && actor.officeIds.length) parts.push(`${alias}.office_id = ANY(:scopeOfficeIds)`);
  return { sql: `(${parts.join(' OR ')})`, params: params(actor) };
}

/** A person is seen by whoever recorded them, supervisors of their office, and whoever sees one of their contacts or cases. */
export function personScope(actor: Actor, alias: string): Scope {
  if (!actor.permissions.includes('people.read')) return NOTHING;
  const contacts = contactScope(actor, 'scope_person_contact');
  const cases = caseScope(actor, 'scope_person_case');
  const parts = [
    `${alias}.created_by_id = :scopeUserId`,
    `EXISTS (SELECT 1 FROM contacts scope_person_contact WHERE scope_person_contact.person_id = ${alias}.id AND ${contacts.sql})`,
    `EXISTS (SELECT 1 FROM cases scope_person_case WHERE scope_person_case.person_id = ${alias}.id AND ${cases.sql})`,
  ];
  if (seesOfficeEverything(actor) && actor.officeIds.length) parts.push(`${alias}.office_id = ANY(:scopeOfficeIds)`);
  return { sql: `(${parts.join(' OR ')})`, params: params(actor) };
}

/**
 * A request to move a case to another office is seen by whoever sees the case, and by the
 * supervisors of the office asked to take it: they read the request (reference, type,
 * priority, reason) before they may read the case, which stays out of their scope until
 * they accept it.
 */
export function caseTransferScope(actor: Actor, alias: string): Scope {
  if (!actor.permissions.includes('cases.read')) return NOTHING;
  const cases = caseScope(actor, 'scope_transfer_case');
  const parts = [`EXISTS (SELECT 1 FROM cases scope_transfer_case WHERE scope_transfer_case.id = ${alias}.case_id AND ${cases.sql})`];
  if (seesOfficeEverything(actor) && actor.officeIds.length) parts.push(`${alias}.to_office_id = ANY(:scopeOfficeIds)`);
  return { sql: `(${parts.join(' OR ')})`, params: params(actor) };
}

// One branch per office with a plain equality: `office_id = ANY(...)` cannot walk the
// (office_id, sort key) index in order, and then Postgres sorts the whole office.
function officeBranches(actor: Actor, alias: string): Scope[] {
  return actor.officeIds.map((officeId) => ({ sql: `${alias}.office_id = :scopeOfficeId`, params: { scopeOfficeId: officeId } }));
}

/**
 * The branches of a list that grows without bound, each of which an index can walk in
 * order: a list or search is the union of these, so it never sorts a whole office.
 * Together they are exactly `caseScope`.
 */
export function caseListBranches(actor: Actor, alias: string): Scope[] {
  if (!actor.permissions.includes('cases.read')) return [];
  const p = { scopeUserId: actor.userId };
  const branches: Scope[] = [
    { sql: `${alias}.assignee_id = :scopeUserId`, params: p },
    { sql: `${alias}.id IN (SELECT scope_share.case_id FROM case_shares scope_share WHERE scope_share.user_id = :scopeUserId)`, params: p },
  ];
  if (seesOfficeCases(actor)) branches.push(...officeBranches(actor, alias));
  return branches;
}

/** Lists of contacts: my own, and for supervisors their offices'. Contacts of a case are read on its timeline. */
export function contactListBranches(actor: Actor, alias: string): Scope[] {
  if (!actor.permissions.includes('contacts.read')) return [];
  const branches: Scope[] = [{ sql: `${alias}.operator_id = :scopeUserId`, params: { scopeUserId: actor.userId } }];
  if (seesOfficeEverything(actor)) branches.push(...officeBranches(actor, alias));
  return branches;
}

/**
 * One record by id, only if the scope lets the actor see it (optionally locked for an
 * update); otherwise a 404 that does not say whether it exists.
 */
export async function findInScope<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  alias: string,
  id: string,
  scope: Scope,
  what: string,
  lock = false,
): Promise<T> {
  const qb = m.getRepository(entity).createQueryBuilder(alias).where(`${alias}.id = :id`, { id }).andWhere(scope.sql, scope.params);
  if (lock) qb.setLock('pessimistic_write', undefined, [alias]);
  const found = await qb.getOne();
  if (!found) throw notFound(what);
  return found;
}
