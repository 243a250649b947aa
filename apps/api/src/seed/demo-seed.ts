import type { INestApplicationContext } from '@nestjs/common';
import type { Role } from '@mayak/domain';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { OfficesService } from '../modules/offices/offices.service';
import { UsersRepository } from '../modules/users/users.repository';
import { UsersService } from '../modules/users/users.service';
import { seedDemoDirectory } from './demo-directory';
import { seedDemoLeaflet } from './demo-leaflet';

export const DEMO_PASSWORD = 'mayak-demo-2026';
/** Every demo account's e-mail ends with this domain (reserved, RFC 2606). */
export const DEMO_EMAIL_DOMAIN = 'mayak.test';

export const DEMO_OFFICES = [
  { name: 'Almaty', code: 'ALA', slug: 'almaty' },
  { name: 'Astana', code: 'AST', slug: 'astana' },
] as const;

const DEMO_ROLES: { role: Role; slug: string; names: Record<string, string> }[] = [
  { role: 'operator', slug: 'operator', names: { almaty: 'Айгерим Оператор', astana: 'Данияр Оператор' } },
  { role: 'case_worker', slug: 'caseworker', names: { almaty: 'Сауле Кейс-менеджер', astana: 'Ержан Кейс-менеджер' } },
  { role: 'supervisor', slug: 'supervisor', names: { almaty: 'Гульнара Супервайзер', astana: 'Марат Супервайзер' } },
  { role: 'admin', slug: 'admin', names: { almaty: 'Алма Администратор', astana: 'Нурлан Администратор' } },
];

/** The organisation the demo partner works for. */
export const DEMO_PARTNER_ORGANISATION = 'Приют «Светлый дом»';

export function demoEmail(roleSlug: string, officeSlug: string): string {
  return `${roleSlug}.${officeSlug}@${DEMO_EMAIL_DOMAIN}`;
}

/**
 * Demo data for a newcomer: two offices and one user per role per office, all with
 * DEMO_PASSWORD. Runs only on an empty database and never in production.
 */
export async function seedDemoData(app: INestApplicationContext): Promise<{ seeded: boolean; emails: string[] }> {
  refuseInProduction(app);
  if ((await app.get(UsersRepository).count()) > 0) return { seeded: false, emails: [] };
  const offices = app.get(OfficesService);
  const users = app.get(UsersService);
  const emails: string[] = [];
  for (const office of DEMO_OFFICES) {
    const created = (await offices.findByName(office.name)) ?? (await offices.create({ name: office.name, code: office.code, timezone: 'Asia/Almaty' }));
    for (const demo of DEMO_ROLES) {
      const email = demoEmail(demo.slug, office.slug);
      await users.create({ email, displayName: demo.names[office.slug], password: DEMO_PASSWORD, roles: [demo.role], officeIds: [created.id], locale: 'ru' });
      emails.push(email);
    }
  }
  // The directory, the knowledge base, and one partner: the Almaty shelter's coordinator.
  const admin = await app.get(UsersRepository).findForSignIn(demoEmail('admin', 'almaty'));
  const organisations = await seedDemoDirectory(app, admin!.id);
  await seedDemoLeaflet(app, admin!.id);
  const almaty = await offices.findByName('Almaty');
  const partnerEmail = demoEmail('partner', 'almaty');
  await users.create({
    email: partnerEmail,
    displayName: 'Динара Координатор (Светлый дом)',
    password: DEMO_PASSWORD,
    roles: ['partner'],
    officeIds: [almaty!.id],
    organisationId: organisations.get(DEMO_PARTNER_ORGANISATION)!,
    locale: 'ru',
  });
  emails.push(partnerEmail);
  return { seeded: true, emails };
}

/** Demo users share a password printed in the README: a production database never gets them. */
export function refuseInProduction(app: INestApplicationContext): void {
  if (app.get<AppConfig>(APP_CONFIG).nodeEnv === 'production')
    throw new Error('Demo data is never loaded in production (its users share the public demo password)');
}
