import { QueryFailedError, type EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import type { SessionsService } from '#api/core/auth/sessions.service';
import { SettableClock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import type { PasswordHasher } from '#api/core/crypto/password-hasher';
import { strictFake } from '#api/testing/strict-fake';
import type { Office } from '../offices/office.entity';
import type { OfficesService } from '../offices/offices.service';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const STRONG = 'Steppe-lighthouse-4417';

const admin: Actor = {
  userId: 'admin-1',
  email: 'admin@mayak.kz',
  roles: ['admin'],
  officeIds: [],
  sessionId: 's-1',
  permissions: ['users.read', 'users.manage'],
};
const supervisor: Actor = {
  userId: 'super-1',
  email: 'super@mayak.kz',
  roles: ['supervisor'],
  officeIds: ['office-1'],
  sessionId: 's-2',
  permissions: ['users.read'],
};

const office = (id: string) => ({ id, name: `Office ${id}` }) as Office;

function aUser(fields: Partial<User> = {}): User {
  return {
    id: 'user-1',
    email: 'aigerim@mayak.kz',
    displayName: 'Aigerim',
    roles: ['operator'],
    languages: ['ru'],
    locale: 'ru',
    active: true,
    organisationId: null,
    passwordSetAt: NOW,
    mfaEnrolledAt: null,
    lastLoginAt: null,
    offices: [office('office-1')],
    version: 4,
    ...fields,
  } as User;
}

function setup() {
  const users = strictFake<UsersRepository>('UsersRepository');
  const offices = strictFake<OfficesService>('OfficesService');
  const hasher = strictFake<PasswordHasher>('PasswordHasher');
  const sessions = strictFake<SessionsService>('SessionsService');
  const audit = strictFake<AuditService>('AuditService');
  const clock = new SettableClock(NOW);
  users.transaction.mockImplementation((work) => work(tx));
  const service = new UsersService(users, offices, hasher, sessions, audit, clock);
  return { service, users, offices, hasher, sessions, audit, clock };
}

describe('UsersService', () => {
  describe('list and get', () => {
    it('lists every office for a user manager and only the reader’s offices for a supervisor', async () => {
      const { service, users } = setup();
      users.listPage.mockResolvedValue([[aUser()], 1]);
      await service.list(admin, { q: 'aig' } as never);
      await service.list(supervisor, {} as never);
      expect(users.listPage).toHaveBeenNthCalledWith(1, expect.objectContaining({ q: 'aig', visibleOfficeIds: undefined }), expect.any(Number), 0);
      expect(users.listPage).toHaveBeenNthCalledWith(2, expect.objectContaining({ visibleOfficeIds: ['office-1'] }), expect.any(Number), 0);
    });

    it('answers a supervisor asking for a user of another office with 404', async () => {
      const { service, users } = setup();
      users.findWithOffices.mockResolvedValue(aUser({ offices: [office('office-2')] }));
      await expect(service.get(supervisor, 'user-1')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('shows a user manager a user of any office', async () => {
      const { service, users } = setup();
      users.findWithOffices.mockResolvedValue(aUser({ offices: [office('office-2')] }));
      await expect(service.get(admin, 'user-1')).resolves.toMatchObject({ id: 'user-1' });
    });
  });

  describe('create', () => {
    const input = { email: 'dana@mayak.kz', displayName: 'Dana', roles: ['operator'], officeIds: ['office-1'] } as never;

    it('refuses a weak password before anything is read or written', async () => {
      const { service } = setup();
      await expect(service.create({ ...(input as object), password: 'short' } as never)).rejects.toMatchObject({
        code: 'weak_password',
        extra: { errors: [expect.objectContaining({ field: 'password', code: 'too_short' })] },
      });
    });

    it('refuses a partner without a directory organisation', async () => {
      const { service } = setup();
      await expect(service.create({ ...(input as object), roles: ['partner'] } as never)).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'organisationId', code: 'required' })] },
      });
    });

    it('refuses an organisation for someone who is not a partner', async () => {
      const { service } = setup();
      await expect(service.create({ ...(input as object), organisationId: 'org-1' } as never)).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ code: 'partners_only' })] },
      });
    });

    it('refuses an organisation the directory does not have', async () => {
      const { service, users } = setup();
      users.organisationExists.mockResolvedValue(false);
      await expect(service.create({ ...(input as object), roles: ['partner'], organisationId: 'org-9' } as never)).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ code: 'unknown_organisation' })] },
      });
      expect(users.organisationExists).toHaveBeenCalledWith('org-9', undefined);
    });

    it('refuses unknown offices, naming them, and writes nothing', async () => {
      const { service, offices } = setup();
      offices.findByIds.mockResolvedValue([office('office-1')]);
      await expect(service.create({ ...(input as object), officeIds: ['office-1', 'office-7'] } as never)).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'officeIds', code: 'unknown_office', message: expect.stringContaining('office-7') })] },
      });
    });

    it('writes an invitation (no password) and audits it as invited', async () => {
      const { service, users, offices, audit } = setup();
      offices.findByIds.mockResolvedValue([office('office-1')]);
      users.insert.mockImplementation(async (_m, fields) => aUser({ ...fields, id: 'user-9' }));
      audit.record.mockResolvedValue();

      await service.create(input);

      expect(offices.findByIds).toHaveBeenCalledWith(['office-1'], tx);
      expect(users.insert).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({
          email: 'dana@mayak.kz',
          passwordHash: null,
          passwordSetAt: null,
          active: true,
          locale: 'ru',
          languages: [],
          organisationId: null,
        }),
      );
      expect(audit.record).toHaveBeenCalledWith(
        { action: AuditAction.UserCreated, entityType: 'user', entityId: 'user-9', summary: { roles: ['operator'], officeIds: ['office-1'], invited: true } },
        tx,
      );
    });

    it('hashes a given password and stamps it with the clock’s time', async () => {
      const { service, users, offices, hasher, audit } = setup();
      hasher.hash.mockResolvedValue('argon2-hash');
      offices.findByIds.mockResolvedValue([office('office-1')]);
      users.insert.mockImplementation(async (_m, fields) => aUser({ ...fields, id: 'user-9' }));
      audit.record.mockResolvedValue();

      await service.create({ ...(input as object), password: STRONG } as never);

      expect(hasher.hash).toHaveBeenCalledWith(STRONG);
      expect(users.insert).toHaveBeenCalledWith(tx, expect.objectContaining({ passwordHash: 'argon2-hash', passwordSetAt: NOW }));
      expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ summary: expect.objectContaining({ invited: false }) }), tx);
    });

    it('writes inside the caller’s transaction when given one, under the caller’s audit action', async () => {
      const { service, users, offices, audit } = setup();
      const outer = { outer: true } as unknown as EntityManager;
      offices.findByIds.mockResolvedValue([office('office-1')]);
      users.insert.mockImplementation(async (_m, fields) => aUser({ ...fields, id: 'user-9' }));
      audit.record.mockResolvedValue();

      await service.create(input, { manager: outer, auditAction: AuditAction.AdminCreatedByCli });

      expect(users.transaction).not.toHaveBeenCalled();
      expect(users.insert).toHaveBeenCalledWith(outer, expect.anything());
      expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: AuditAction.AdminCreatedByCli }), outer);
    });

    it('turns the e-mail’s unique index into email_taken', async () => {
      const { service, users, offices } = setup();
      offices.findByIds.mockResolvedValue([office('office-1')]);
      users.insert.mockRejectedValue(
        new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate'), { code: '23505', constraint: 'uq_users_email' })),
      );
      await expect(service.create(input)).rejects.toMatchObject({ code: 'email_taken', extra: { errors: [expect.objectContaining({ field: 'email' })] } });
    });
  });

  describe('update', () => {
    it('refuses changing one’s own roles, auditing only the refusal', async () => {
      const { service, audit } = setup();
      audit.record.mockResolvedValue();
      await expect(service.update(admin, 'admin-1', { version: 4, roles: ['admin', 'supervisor'] })).rejects.toMatchObject({ code: 'forbidden' });
      expect(audit.record).toHaveBeenCalledTimes(1);
      expect(audit.record).toHaveBeenCalledWith({
        action: AuditAction.OwnAccessChangeRefused,
        entityType: 'user',
        entityId: 'admin-1',
        summary: { refused: 'own_roles', roles: ['admin', 'supervisor'], officeIds: undefined },
      });
    });

    it('refuses setting one’s own password here', async () => {
      const { service, audit } = setup();
      audit.record.mockResolvedValue();
      await expect(service.update(admin, 'admin-1', { version: 4, password: STRONG })).rejects.toMatchObject({ code: 'forbidden' });
      expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ summary: expect.objectContaining({ refused: 'own_password' }) }));
    });

    it('answers 404 for a user that does not exist', async () => {
      const { service, users } = setup();
      users.lockForUpdate.mockResolvedValue(null);
      await expect(service.update(admin, 'user-1', { version: 4, displayName: 'New' })).rejects.toMatchObject({ code: 'not_found' });
    });

    it('refuses a change made on a stale version', async () => {
      const { service, users } = setup();
      users.lockForUpdate.mockResolvedValue(aUser({ version: 5 }));
      await expect(service.update(admin, 'user-1', { version: 4, displayName: 'New' })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('refuses deactivating oneself', async () => {
      const { service, users } = setup();
      users.lockForUpdate.mockResolvedValue(aUser({ id: 'admin-1', roles: ['admin'] }));
      await expect(service.update(admin, 'admin-1', { version: 4, active: false })).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('refuses deactivating the last active administrator', async () => {
      const { service, users } = setup();
      users.lockForUpdate.mockResolvedValue(aUser({ roles: ['admin'] }));
      users.isActiveAdmin.mockResolvedValue(true);
      users.countOtherActiveAdmins.mockResolvedValue(0);
      await expect(service.update(admin, 'user-1', { version: 4, active: false })).rejects.toMatchObject({ code: 'last_admin' });
      expect(users.countOtherActiveAdmins).toHaveBeenCalledWith('user-1', tx);
    });

    it('refuses taking the administrator role from the last active administrator', async () => {
      const { service, users } = setup();
      users.lockForUpdate.mockResolvedValue(aUser({ roles: ['admin'] }));
      users.isActiveAdmin.mockResolvedValue(true);
      users.countOtherActiveAdmins.mockResolvedValue(0);
      await expect(service.update(admin, 'user-1', { version: 4, roles: ['supervisor'] })).rejects.toMatchObject({ code: 'last_admin' });
    });

    it('deactivates an administrator while another active one remains, signing them out everywhere', async () => {
      const { service, users, sessions, audit } = setup();
      users.lockForUpdate.mockResolvedValue(aUser({ roles: ['admin'] }));
      users.isActiveAdmin.mockResolvedValue(true);
      users.countOtherActiveAdmins.mockResolvedValue(1);
      users.save.mockImplementation(async (_m, user) => user);
      sessions.revokeAllForUser.mockResolvedValue();
      audit.record.mockResolvedValue();

      await service.update(admin, 'user-1', { version: 4, active: false });

      expect(users.save).toHaveBeenCalledWith(tx, expect.objectContaining({ id: 'user-1', active: false }));
      expect(sessions.revokeAllForUser).toHaveBeenCalledWith('user-1', tx);
      expect(audit.record).toHaveBeenCalledWith(
        { action: AuditAction.UserDeactivated, entityType: 'user', entityId: 'user-1', summary: { changed: ['active'] } },
        tx,
      );
    });

    it('writes nothing and audits nothing when nothing changes', async () => {
      const { service, users } = setup();
      const user = aUser();
      users.lockForUpdate.mockResolvedValue(user);
      await expect(service.update(admin, 'user-1', { version: 4, displayName: 'Aigerim', languages: ['ru'] })).resolves.toBe(user);
    });

    it('changes a name without signing the user out', async () => {
      const { service, users, audit } = setup();
      users.lockForUpdate.mockResolvedValue(aUser());
      users.isActiveAdmin.mockResolvedValue(false);
      users.save.mockImplementation(async (_m, user) => user);
      audit.record.mockResolvedValue();

      await service.update(admin, 'user-1', { version: 4, displayName: 'Aigerim S.' });

      expect(audit.record).toHaveBeenCalledWith(
        { action: AuditAction.UserUpdated, entityType: 'user', entityId: 'user-1', summary: { changed: ['displayName'] } },
        tx,
      );
    });

    it('records a role change from and to, and signs the user out', async () => {
      const { service, users, sessions, audit } = setup();
      users.lockForUpdate.mockResolvedValue(aUser());
      users.isActiveAdmin.mockResolvedValue(false);
      users.save.mockImplementation(async (_m, user) => user);
      sessions.revokeAllForUser.mockResolvedValue();
      audit.record.mockResolvedValue();

      await service.update(admin, 'user-1', { version: 4, roles: ['operator', 'case_worker'] });

      expect(sessions.revokeAllForUser).toHaveBeenCalledWith('user-1', tx);
      expect(audit.record).toHaveBeenCalledWith(
        expect.objectContaining({
          action: AuditAction.UserUpdated,
          summary: { changed: ['roles'], roles: { from: ['operator'], to: ['operator', 'case_worker'] } },
        }),
        tx,
      );
    });

    it('sets another user’s password with the clock’s time and signs them out', async () => {
      const { service, users, hasher, sessions, audit } = setup();
      hasher.hash.mockResolvedValue('argon2-hash');
      users.lockForUpdate.mockResolvedValue(aUser());
      users.isActiveAdmin.mockResolvedValue(false);
      users.save.mockImplementation(async (_m, user) => user);
      sessions.revokeAllForUser.mockResolvedValue();
      audit.record.mockResolvedValue();

      await service.update(admin, 'user-1', { version: 4, password: STRONG });

      expect(users.save).toHaveBeenCalledWith(tx, expect.objectContaining({ passwordHash: 'argon2-hash', passwordSetAt: NOW }));
      expect(sessions.revokeAllForUser).toHaveBeenCalledWith('user-1', tx);
      expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ summary: { changed: ['password'] } }), tx);
    });

    it('refuses an organisation on a user who is not a partner', async () => {
      const { service, users } = setup();
      users.lockForUpdate.mockResolvedValue(aUser());
      await expect(service.update(admin, 'user-1', { version: 4, organisationId: 'org-1' })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ code: 'partners_only' })] },
      });
    });
  });

  describe('resetMfa', () => {
    it('answers 404 for a user that does not exist', async () => {
      const { service, users } = setup();
      users.lockForUpdate.mockResolvedValue(null);
      await expect(service.resetMfa(admin, 'user-1')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('forgets the second factor, signs the user out and audits who did it', async () => {
      const { service, users, sessions, audit } = setup();
      users.lockForUpdate.mockResolvedValue(aUser());
      users.clearSecondFactor.mockResolvedValue();
      sessions.revokeAllForUser.mockResolvedValue();
      audit.record.mockResolvedValue();
      users.findWithOffices.mockResolvedValue(aUser({ mfaEnrolledAt: null }));

      await service.resetMfa(admin, 'user-1');

      expect(users.clearSecondFactor).toHaveBeenCalledWith('user-1', tx);
      expect(sessions.revokeAllForUser).toHaveBeenCalledWith('user-1', tx);
      expect(audit.record).toHaveBeenCalledWith({ action: AuditAction.MfaReset, entityType: 'user', entityId: 'user-1', summary: { by: 'admin-1' } }, tx);
    });
  });
});
