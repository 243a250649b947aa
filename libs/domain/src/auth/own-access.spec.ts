import { ownAccessChangeRefusal } from './own-access';

describe('own access changes', () => {
  const admin = { actorId: 'a', targetId: 'a', currentRoles: ['admin'] as const, currentOfficeIds: ['ala'] };

  it('refuses an administrator giving themselves a role or an office', () => {
    expect(ownAccessChangeRefusal({ ...admin, roles: ['admin', 'supervisor'] })).toBe('own_roles');
    expect(ownAccessChangeRefusal({ ...admin, officeIds: ['ala', 'ast'] })).toBe('own_offices');
    expect(ownAccessChangeRefusal({ ...admin, roles: [] })).toBe('own_roles');
  });

  it('lets anyone send their own roles and offices unchanged, in any order', () => {
    expect(ownAccessChangeRefusal({ ...admin, currentOfficeIds: ['ala', 'ast'], officeIds: ['ast', 'ala'], roles: ['admin'] })).toBeNull();
    expect(ownAccessChangeRefusal(admin)).toBeNull();
  });

  it('refuses an administrator setting their own password without giving the current one', () => {
    expect(ownAccessChangeRefusal({ ...admin, setsPassword: true })).toBe('own_password');
    expect(ownAccessChangeRefusal({ ...admin, setsPassword: false })).toBeNull();
  });

  it('leaves changes to other accounts to the other rules', () => {
    expect(ownAccessChangeRefusal({ ...admin, targetId: 'b', roles: ['supervisor', 'admin'], officeIds: ['ast'] })).toBeNull();
    expect(ownAccessChangeRefusal({ ...admin, targetId: 'b', setsPassword: true })).toBeNull();
  });
});
