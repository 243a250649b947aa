import { Injectable } from '@nestjs/common';
import { can, checkPassword, clampPageSize, ownAccessChangeRefusal, type Page } from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import { SessionsService } from '#api/core/auth/sessions.service';
import type { Actor } from '#api/core/context/request-context';
import { PasswordHasher } from '#api/core/crypto/password-hasher';
import { isUniqueViolation } from '#api/core/database/pg-errors';
import { DomainError, fieldInvalid, forbidden, notFound, staleVersion } from '#api/core/errors/domain-error';
import { OfficesService } from '../offices/offices.service';
import type { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';

/**
 * Who may see whom: user managers (admins) see every user; other readers (supervisors)
 * see only users who share one of their offices. Anyone outside that scope is a 404.
 */
function visibleOffices(actor: Actor): string[] | undefined {
  return can(actor.roles, 'users.manage') ? undefined : actor.officeIds;
}

const OWN_CHANGE_REFUSED = {
  own_roles: 'You cannot change your own roles: another administrator must',
  own_offices: 'You cannot change your own offices: another administrator must',
  own_password: 'Change your own password under Account, which asks for the current one first',
} as const;

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly offices: OfficesService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: ListUsersQuery): Promise<Page<User>> {
    const limit = clampPageSize(query.limit);
    const offset = query.offset ?? 0;
    const [items, total] = await this.users.listPage(
      { q: query.q, officeId: query.officeId, role: query.role, active: query.active, visibleOfficeIds: visibleOffices(actor) },
      limit,
      offset,
    );
    return { items, total, limit, offset };
  }

  async get(actor: Actor, id: string): Promise<User> {
    const user = await this.users.findWithOffices(id);
    const scope = visibleOffices(actor);
    if (!user || (scope && !user.offices.some((o) => scope.includes(o.id)))) throw notFound('User');
    return user;
  }

  /**
   * A new account. Without a password it waits for its person to choose one through an
   * invitation (see AccountLinksService), and nobody can sign in to it before that.
   */
  async create(input: CreateUserDto, options: { manager?: EntityManager; auditAction?: typeof AuditAction.AdminCreatedByCli } = {}): Promise<User> {
    if (input.password !== undefined) this.assertPassword(input.password, input.email);
    await this.assertPartnerOrganisation(input.roles, input.organisationId ?? null);
    const passwordHash = input.password !== undefined ? await this.hasher.hash(input.password) : null;
    const run = async (m: EntityManager) => {
      const offices = await this.loadOffices(input.officeIds, m);
      const user = await this.users.insert(m, {
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        passwordSetAt: passwordHash ? this.clock.now() : null,
        roles: input.roles,
        languages: input.languages ?? [],
        locale: input.locale ?? 'ru',
        organisationId: input.organisationId ?? null,
        active: true,
        mfaSecretEncrypted: null,
        mfaEnrolledAt: null,
        lastLoginAt: null,
        offices,
      });
      await this.audit.record(
        {
          action: options.auditAction ?? AuditAction.UserCreated,
          entityType: 'user',
          entityId: user.id,
          summary: { roles: user.roles, officeIds: offices.map((o) => o.id), invited: !passwordHash },
        },
        m,
      );
      return user;
    };
    try {
      return await (options.manager ? run(options.manager) : this.users.transaction(run));
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_email')) {
        throw new DomainError('email_taken', 'A user with this e-mail already exists', {
          errors: [{ field: 'email', code: 'email_taken', message: 'A user with this e-mail already exists' }],
        });
      }
      throw error;
    }
  }

  async update(actor: Actor, id: string, input: UpdateUserDto): Promise<User> {
    const refusal = ownAccessChangeRefusal({
      actorId: actor.userId,
      targetId: id,
      currentRoles: actor.roles,
      currentOfficeIds: actor.officeIds,
      roles: input.roles,
      officeIds: input.officeIds,
      setsPassword: input.password !== undefined,
    });
    if (refusal) {
      // Recorded on its own: the refusal is what an auditor must see, and nothing else is written.
      await this.audit.record({
        action: AuditAction.OwnAccessChangeRefused,
        entityType: 'user',
        entityId: id,
        summary: { refused: refusal, roles: input.roles, officeIds: input.officeIds },
      });
      throw forbidden(OWN_CHANGE_REFUSED[refusal]);
    }
    if (input.password !== undefined) this.assertPassword(input.password);
    const passwordHash = input.password !== undefined ? await this.hasher.hash(input.password) : undefined;
    return this.users.transaction(async (m) => {
      const user = await this.users.lockForUpdate(id, m);
      if (!user) throw notFound('User');
      if (user.version !== input.version) throw staleVersion('This user');
      if (id === actor.userId && (input.active === false || (input.roles && !input.roles.includes('admin') && user.roles.includes('admin')))) {
        throw forbidden('You cannot deactivate yourself or remove your own administrator role');
      }
      const changed: string[] = [];
      const summary: Record<string, unknown> = {};
      if (input.displayName !== undefined && input.displayName !== user.displayName) {
        user.displayName = input.displayName;
        changed.push('displayName');
      }
      if (input.locale !== undefined && input.locale !== user.locale) {
        user.locale = input.locale;
        changed.push('locale');
      }
      if (input.languages !== undefined && [...input.languages].sort().join() !== [...user.languages].sort().join()) {
        user.languages = input.languages;
        changed.push('languages');
      }
      if (input.organisationId !== undefined && input.organisationId !== user.organisationId) {
        user.organisationId = input.organisationId;
        changed.push('organisationId');
      }
      if (input.roles && [...input.roles].sort().join() !== [...user.roles].sort().join()) {
        summary.roles = { from: user.roles, to: input.roles };
        user.roles = input.roles;
        changed.push('roles');
      }
      if (
        input.officeIds &&
        [...input.officeIds].sort().join() !==
          user.offices
            .map((o) => o.id)
            .sort()
            .join()
      ) {
        const offices = await this.loadOffices(input.officeIds, m);
        summary.officeIds = { from: user.offices.map((o) => o.id), to: offices.map((o) => o.id) };
        user.offices = offices;
        changed.push('officeIds');
      }
      const activeChanged = input.active !== undefined && input.active !== user.active;
      if (activeChanged) {
        user.active = input.active!;
        changed.push('active');
      }
      if (passwordHash) {
        user.passwordHash = passwordHash;
        user.passwordSetAt = this.clock.now();
        changed.push('password');
      }
      if (changed.length === 0) return user;
      await this.assertPartnerOrganisation(user.roles, user.organisationId, m);

      const losesAdmin = user.roles.includes('admin') === false || user.active === false;
      if (losesAdmin && (await this.users.isActiveAdmin(id, m)) && (await this.users.countOtherActiveAdmins(id, m)) === 0) {
        throw new DomainError('last_admin', 'At least one active administrator must remain');
      }
      const saved = await this.users.save(m, user);
      if (activeChanged || passwordHash || summary.roles) await this.sessions.revokeAllForUser(id, m);
      const action = activeChanged ? (user.active ? AuditAction.UserActivated : AuditAction.UserDeactivated) : AuditAction.UserUpdated;
      await this.audit.record({ action, entityType: 'user', entityId: id, summary: { changed, ...summary } }, m);
      return saved;
    });
  }

  async resetMfa(actor: Actor, id: string): Promise<User> {
    return this.users.transaction(async (m) => {
      const user = await this.users.lockForUpdate(id, m);
      if (!user) throw notFound('User');
      await this.users.clearSecondFactor(id, m);
      await this.sessions.revokeAllForUser(id, m);
      await this.audit.record({ action: AuditAction.MfaReset, entityType: 'user', entityId: id, summary: { by: actor.userId } }, m);
      return (await this.users.findWithOffices(id, m))!;
    });
  }

  private async loadOffices(ids: string[], m: EntityManager) {
    const offices = await this.offices.findByIds(ids, m);
    const missing = ids.filter((id) => !offices.some((o) => o.id === id));
    if (missing.length) throw fieldInvalid('officeIds', 'unknown_office', `Unknown office(s): ${missing.join(', ')}`);
    return offices;
  }

  private async assertPartnerOrganisation(roles: readonly string[], organisationId: string | null, m?: EntityManager): Promise<void> {
    if (roles.includes('partner') && !organisationId) throw fieldInvalid('organisationId', 'required', 'A partner must belong to a directory organisation');
    if (!roles.includes('partner') && organisationId) throw fieldInvalid('organisationId', 'partners_only', 'Only partners belong to a directory organisation');
    if (organisationId && !(await this.users.organisationExists(organisationId, m)))
      throw fieldInvalid('organisationId', 'unknown_organisation', 'No such organisation in the directory');
  }

  private assertPassword(password: string, email?: string): void {
    const problems = checkPassword(password, email);
    if (problems.length)
      throw new DomainError('weak_password', 'The password is too weak', {
        errors: problems.map((code) => ({ field: 'password', code, message: `password: ${code.replace('_', ' ')}` })),
      });
  }
}
