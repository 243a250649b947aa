import type { Role } from './roles';

/**
 * Every protected API route names exactly one permission; a route without one is denied.
 * Later modules add their permissions here so the console and the API read one table.
 */
export const PERMISSIONS = [
  'users.read',
  'users.manage',
  'offices.read',
  'offices.manage',
  'audit.read',
  'queues.read',
  /** bull-board: retry, remove, clean, promote and pause jobs and queues. */
  'queues.manage',
  'identifiers.view',
  'identifiers.reveal',
  'contacts.read',
  'contacts.write',
  'people.read',
  'people.write',
  'people.merge',
  'people.unmerge',
  'cases.read',
  'cases.contribute',
  'cases.manage',
  'cases.assign',
  'cases.approve_closure',
  'alerts.read',
  'directory.read',
  'directory.manage',
  'knowledge.read',
  'knowledge.manage',
  'referrals.read',
  'referrals.manage',
  'referrals.respond',
  'telephony.answer',
  'telephony.supervise',
  'callbacks.read',
  'callbacks.write',
  'exports.run',
  'dashboards.read',
  'dashboards.all_offices',
  'retention.manage',
  'cases.legal_hold',
  'people.subject_access',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const FRONT_LINE: readonly Permission[] = [
  'contacts.read',
  'contacts.write',
  'people.read',
  'people.write',
  'cases.read',
  'cases.contribute',
  'identifiers.reveal',
  'alerts.read',
  'directory.read',
  'knowledge.read',
  'referrals.read',
  'telephony.answer',
  'callbacks.read',
  'callbacks.write',
];

/**
 * What each role may do at all. Which records it may do it to (own contacts, office
 * cases, assigned or shared cases) is decided per record by the API's access rules.
 * `identifiers.view` is the default; an installation may widen or narrow it
 * (IDENTIFIER_VIEW_ROLES), and those without it see masked names and numbers.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  // Operators log contacts and open cases; they see identifiers masked unless they reveal one.
  operator: [...FRONT_LINE],
  // Case workers own cases: status, details, sharing, merging duplicate clients.
  case_worker: [...FRONT_LINE, 'identifiers.view', 'cases.manage', 'people.merge', 'referrals.manage'],
  supervisor: [
    ...FRONT_LINE,
    'identifiers.view',
    'cases.manage',
    'cases.assign',
    'cases.approve_closure',
    'people.merge',
    'referrals.manage',
    'knowledge.manage',
    'audit.read',
    'users.read',
    'offices.read',
    'telephony.supervise',
    'exports.run',
    'dashboards.read',
    'cases.legal_hold',
    'people.subject_access',
  ],
  // Administrators configure (users, offices, the directory, the knowledge base); they see personal data only if they are also supervisors.
  admin: [
    'users.read',
    'users.manage',
    'offices.read',
    'offices.manage',
    'audit.read',
    'queues.read',
    'queues.manage',
    'people.unmerge',
    'alerts.read',
    'directory.read',
    'directory.manage',
    'knowledge.read',
    'knowledge.manage',
    'dashboards.read',
    'dashboards.all_offices',
    'retention.manage',
  ],
  // Staff of a partner organisation: the referrals addressed to it, nothing else.
  partner: ['referrals.respond'],
};

export type PermissionTable = Readonly<Record<Role, readonly Permission[]>>;

export function permissionsOf(roles: readonly Role[], table: PermissionTable = ROLE_PERMISSIONS): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) {
    for (const permission of table[role]) granted.add(permission);
  }
  return PERMISSIONS.filter((p) => granted.has(p));
}

export function can(roles: readonly Role[], permission: Permission, table: PermissionTable = ROLE_PERMISSIONS): boolean {
  return roles.some((role) => table[role].includes(permission));
}

/** The default table with `identifiers.view` given to exactly these roles. */
export function withIdentifierViewers(viewers: readonly Role[], table: PermissionTable = ROLE_PERMISSIONS): PermissionTable {
  const result = {} as Record<Role, readonly Permission[]>;
  for (const role of Object.keys(table) as Role[]) {
    const rest = table[role].filter((p) => p !== 'identifiers.view');
    result[role] = viewers.includes(role) ? PERMISSIONS.filter((p) => p === 'identifiers.view' || rest.includes(p)) : rest;
  }
  return result;
}
