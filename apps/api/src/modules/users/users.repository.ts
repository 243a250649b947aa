import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountStore, type ProfileChanges } from '#api/core/auth/account-store';
import { escapeLike } from '#api/core/database/like';
import { User } from './user.entity';

export interface UserFilter {
  q?: string;
  officeId?: string;
  role?: Role;
  active?: boolean;
  /** Only users sharing at least one of these offices; undefined means every office. */
  visibleOfficeIds?: string[];
}

/** A user as first written; the database gives id, version and timestamps. */
export type NewUser = Pick<
  User,
  | 'email'
  | 'displayName'
  | 'passwordHash'
  | 'passwordSetAt'
  | 'roles'
  | 'languages'
  | 'locale'
  | 'organisationId'
  | 'active'
  | 'mfaSecretEncrypted'
  | 'mfaEnrolledAt'
  | 'lastLoginAt'
  | 'offices'
>;

/** Purpose-named queries over users; nothing here returns a whole table. Also the accounts sign-in works on (core's AccountStore). */
export abstract class UsersRepository extends AccountStore {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  abstract override findForSignIn(email: string): Promise<User | null>;
  abstract override findWithOffices(id: string, manager?: EntityManager): Promise<User | null>;
  abstract override findForStepUp(id: string): Promise<User | null>;
  abstract override findWithSecret(id: string): Promise<User | null>;
  /** The user with their offices, locked for a change until the transaction ends; null when there is none. */
  abstract lockForUpdate(id: string, manager: EntityManager): Promise<User | null>;
  /** One page of users (by name, then id) matching the filter, with their offices, and the total. */
  abstract listPage(filter: UserFilter, limit: number, offset: number): Promise<[User[], number]>;
  abstract sharesOffice(userId: string, officeIds: string[]): Promise<boolean>;
  abstract countOtherActiveAdmins(excludingUserId: string, manager: EntityManager): Promise<number>;
  /** Whether the user is an active administrator as stored (before changes not yet saved). */
  abstract isActiveAdmin(id: string, manager: EntityManager): Promise<boolean>;
  abstract organisationExists(organisationId: string, manager?: EntityManager): Promise<boolean>;
  abstract insert(manager: EntityManager, user: NewUser): Promise<User>;
  abstract save(manager: EntityManager, user: User): Promise<User>;
  /** Forgets the second-factor secret and the recovery codes, so the next sign-in enrols again. */
  abstract clearSecondFactor(id: string, manager: EntityManager): Promise<void>;
  abstract count(): Promise<number>;
}

@Injectable()
export class SqlUsersRepository extends UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(User);
  }

  async findForSignIn(email: string): Promise<User | null> {
    return this.repo()
      .createQueryBuilder('u')
      .addSelect(['u.passwordHash', 'u.mfaSecretEncrypted'])
      .leftJoinAndSelect('u.offices', 'o')
      .where('u.email = :email', { email: email.toLowerCase() })
      .getOne();
  }

  async findWithOffices(id: string, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager).createQueryBuilder('u').leftJoinAndSelect('u.offices', 'o').where('u.id = :id', { id }).getOne();
  }

  /** The user with their password hash and second-factor secret, for a password given again inside a session. */
  async findForStepUp(id: string): Promise<User | null> {
    return this.repo()
      .createQueryBuilder('u')
      .addSelect(['u.passwordHash', 'u.mfaSecretEncrypted'])
      .leftJoinAndSelect('u.offices', 'o')
      .where('u.id = :id', { id })
      .getOne();
  }

  async findWithSecret(id: string): Promise<User | null> {
    return this.repo().createQueryBuilder('u').addSelect('u.mfaSecretEncrypted').leftJoinAndSelect('u.offices', 'o').where('u.id = :id', { id }).getOne();
  }

  async recordSignIn(id: string, at: Date, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { lastLoginAt: at });
  }

  /** The confirmed secret; confirming it completes a sign-in too. */
  async enrolSecondFactor(id: string, secretEncrypted: string, at: Date, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { mfaSecretEncrypted: secretEncrypted, mfaEnrolledAt: at, lastLoginAt: at });
  }

  async setPassword(id: string, passwordHash: string, at: Date, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { passwordHash, passwordSetAt: at });
  }

  async updateProfile(id: string, changes: ProfileChanges, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, changes);
  }

  async lockForUpdate(id: string, manager: EntityManager): Promise<User | null> {
    const locked = await this.repo(manager).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id }).getOne();
    if (!locked) return null;
    return this.findWithOffices(id, manager);
  }

  async listPage(filter: UserFilter, limit: number, offset: number): Promise<[User[], number]> {
    const ids = this.repo().createQueryBuilder('u').select('u.id', 'id').orderBy('u.display_name', 'ASC').addOrderBy('u.id', 'ASC');
    if (filter.q) ids.andWhere('(u.display_name ILIKE :q OR u.email ILIKE :q)', { q: `%${escapeLike(filter.q)}%` });
    if (filter.role) ids.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.active !== undefined) ids.andWhere('u.active = :active', { active: filter.active });
    if (filter.officeId)
      ids.andWhere('EXISTS (SELECT 1 FROM user_offices f WHERE f.user_id = u.id AND f.office_id = :officeId)', { officeId: filter.officeId });
    if (filter.visibleOfficeIds) {
      ids.andWhere('EXISTS (SELECT 1 FROM user_offices v WHERE v.user_id = u.id AND v.office_id = ANY(:visible::uuid[]))', {
        visible: filter.visibleOfficeIds,
      });
    }
    const total = await ids.clone().orderBy().getCount();
    const page: { id: string }[] = await ids.limit(limit).offset(offset).getRawMany();
    if (page.length === 0) return [[], total];
    const users = await this.repo()
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.offices', 'o')
      .where('u.id IN (:...ids)', { ids: page.map((r) => r.id) })
      .getMany();
    const byId = new Map(users.map((u) => [u.id, u]));
    return [page.map((r) => byId.get(r.id)!).filter(Boolean), total];
  }

  async sharesOffice(userId: string, officeIds: string[]): Promise<boolean> {
    if (officeIds.length === 0) return false;
    const [{ exists }] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM user_offices WHERE user_id = $1 AND office_id = ANY($2::uuid[])) AS exists`,
      [userId, officeIds],
    );
    return exists;
  }

  async countOtherActiveAdmins(excludingUserId: string, manager: EntityManager): Promise<number> {
    return this.repo(manager)
      .createQueryBuilder('u')
      .where(`'admin' = ANY(u.roles)`)
      .andWhere('u.active')
      .andWhere('u.id <> :id', { id: excludingUserId })
      .getCount();
  }

  async isActiveAdmin(id: string, manager: EntityManager): Promise<boolean> {
    const [row] = await manager.query(`SELECT ('admin' = ANY(roles) AND active) AS was FROM users WHERE id = $1`, [id]);
    return !!row?.was;
  }

  async organisationExists(organisationId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM organisations WHERE id = $1`, [organisationId])).length > 0;
  }

  async insert(manager: EntityManager, user: NewUser): Promise<User> {
    const repo = this.repo(manager);
    return repo.save(repo.create(user));
  }

  async save(manager: EntityManager, user: User): Promise<User> {
    return this.repo(manager).save(user);
  }

  async clearSecondFactor(id: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { mfaSecretEncrypted: null, mfaEnrolledAt: null });
    await manager.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [id]);
  }

  async count(): Promise<number> {
    return this.repo().count();
  }
}
