import { PERMISSIONS, ROLE_PERMISSIONS, can, permissionsOf, withIdentifierViewers } from './permissions';
import { ROLES, isRole } from './roles';

describe('permissions', () => {
  it('gives operators no administrative permission', () => {
    expect(can(['operator'], 'users.manage')).toBe(false);
    expect(can(['operator'], 'offices.manage')).toBe(false);
    expect(can(['operator'], 'queues.read')).toBe(false);
    expect(can(['operator'], 'queues.manage')).toBe(false);
    expect(permissionsOf(['operator'])).not.toEqual(expect.arrayContaining(['users.read']));
    expect(can(['operator'], 'identifiers.view')).toBe(false);
    expect(can(['operator'], 'cases.manage')).toBe(false);
    expect(can(['operator'], 'contacts.write')).toBe(true);
  });

  it('keeps case ownership and approval with case workers and supervisors', () => {
    expect(can(['case_worker'], 'cases.manage')).toBe(true);
    expect(can(['case_worker'], 'cases.assign')).toBe(false);
    expect(can(['supervisor'], 'cases.approve_closure')).toBe(true);
    expect(can(['admin'], 'cases.read')).toBe(false);
    expect(can(['admin'], 'people.unmerge')).toBe(true);
  });

  it('lets an installation choose who sees identifiers unmasked', () => {
    const table = withIdentifierViewers(['operator', 'supervisor']);
    expect(can(['operator'], 'identifiers.view', table)).toBe(true);
    expect(can(['case_worker'], 'identifiers.view', table)).toBe(false);
    expect(can(['case_worker'], 'cases.manage', table)).toBe(true);
    expect(permissionsOf(['operator'], table)).toEqual(PERMISSIONS.filter((p) => permissionsOf(['operator'], table).includes(p)));
  });

  it('lets admins manage users and offices but not read identifiers unless also supervisor', () => {
    expect(can(['admin'], 'users.manage')).toBe(true);
    expect(can(['admin'], 'queues.manage')).toBe(true);
    expect(can(['supervisor'], 'queues.manage')).toBe(false);
    expect(can(['admin'], 'identifiers.view')).toBe(false);
    expect(can(['admin', 'supervisor'], 'identifiers.view')).toBe(true);
  });

  it('unions the permissions of several roles without duplicates, in a stable order', () => {
    const union = permissionsOf(['supervisor', 'admin']);
    expect(new Set(union).size).toBe(union.length);
    expect(union).toEqual(PERMISSIONS.filter((p) => union.includes(p)));
    expect(union).toEqual(expect.arrayContaining(['users.manage', 'identifiers.view', 'audit.read']));
  });

  it('maps every role to known permissions only', () => {
    for (const role of ROLES) {
      for (const permission of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(permission);
    }
  });

  it('recognises roles', () => {
    expect(isRole('case_worker')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
