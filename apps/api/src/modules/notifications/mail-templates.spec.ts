import { LOCALES, NOTIFICATION_KINDS, type Locale, type NotificationKind } from '@mayak/domain';
import { renderDigest, renderNotification, type NotificationData } from './mail-templates';

const PUBLIC_URL = 'https://hotline.example.org';

/** A case as the hotline holds it: what a mail may say (reference, codes, dates) and what it never may. */
const CASE = {
  reference: '11616-2027-000042',
  clientName: 'Айжан Тайнова',
  clientNameLatin: 'Aizhan Tainova',
  phone: '+77015550142',
  phoneShown: '+7 701 555 01 42',
  notes: 'Работодатель забрал паспорт, держит в подвале на ферме',
  summary: 'Женщина 30 лет с ребёнком, нужен приют',
  taskTitle: 'Позвонить Айжан по поводу паспорта',
  cancelReason: 'Клиентка вернулась к мужу в Шымкент',
};

/**
 * What a caller might (wrongly) hand a template: the facts it may use, plus the client's name,
 * number and story under names a careless change might reach for.
 */
function dataFor(kind: NotificationKind): NotificationData {
  const leaky = {
    clientName: CASE.clientName,
    name: CASE.clientNameLatin,
    phone: CASE.phone,
    notes: CASE.notes,
    summary: CASE.summary,
    sharedSummary: CASE.summary,
    title: CASE.taskTitle,
    reason: CASE.cancelReason,
    body: CASE.notes,
  };
  const base = { ...leaky, reference: CASE.reference, timeZone: 'Asia/Almaty' };
  switch (kind) {
    case 'referral_received':
    case 'referral_reminder':
    case 'referral_withdrawn':
      return {
        ...base,
        path: '/partner?referral=5a0c3e52-0b0e-4a57-9d7e-3d9a1b2c4d5e',
        serviceType: 'shelter',
        organisationName: 'Приют «Светлый дом»',
        dueAt: '2027-03-11T09:30:00.000Z',
      };
    case 'referral_overdue':
      return {
        ...base,
        path: '/cases/7b1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
        organisationName: 'Правовой центр для мигрантов',
        dueAt: '2027-03-11T09:30:00.000Z',
      };
    case 'task_assigned':
    case 'task_overdue':
      return { ...base, path: '/cases/7b1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f', dueAt: '2027-03-11T09:30:00.000Z' };
    case 'task_due_soon':
      // A safety plan's review: what the plan says (risks, measures) is under names a careless change might reach for.
      return {
        ...base,
        path: '/cases/7b1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
        dueAt: '2027-03-11T04:00:00.000Z',
        planKind: 'safety',
        safetyMeasures: CASE.notes,
        risks: CASE.summary,
      } as NotificationData;
    case 'critical_alert_unread':
      return { ...base, path: '/cases/7b1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f', minutes: 17 };
    case 'case_assigned':
      return { ...base, path: '/cases/7b1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f' };
  }
}

const every = LOCALES.flatMap((locale) => NOTIFICATION_KINDS.map((kind) => ({ locale, kind })));
const whole = (c: { subject: string; text: string; html: string }) => `${c.subject}\n${c.text}\n${c.html}`;

describe('mail templates', () => {
  it.each(every)('$kind in $locale: a subject, a text and an HTML body with the reference and the link', ({ locale, kind }) => {
    const mail = renderNotification(kind, dataFor(kind), locale, PUBLIC_URL);
    expect(mail.subject.length).toBeGreaterThan(5);
    expect(mail.subject).not.toMatch(/undefined|null|\{|\}/);
    expect(mail.text).not.toMatch(/undefined|null|NaN/);
    expect(mail.subject + mail.text).toContain(CASE.reference);
    const link = `${PUBLIC_URL}${dataFor(kind).path}`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain(`lang="${locale}"`);
    // The way to change what one receives, in every mail.
    expect(mail.text).toContain(`${PUBLIC_URL}/account`);
  });

  it('speaks each language: the same kind reads differently in Russian, Kazakh and English', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const subjects = LOCALES.map((locale) => renderNotification(kind, dataFor(kind), locale, PUBLIC_URL).subject);
      expect(new Set(subjects).size).toBe(3);
    }
    expect(renderNotification('referral_received', dataFor('referral_received'), 'ru', PUBLIC_URL).subject).toBe('Новое направление 11616-2027-000042');
    expect(renderNotification('referral_received', dataFor('referral_received'), 'kk', PUBLIC_URL).subject).toBe('Жаңа жолдама 11616-2027-000042');
    expect(renderNotification('referral_received', dataFor('referral_received'), 'en', PUBLIC_URL).subject).toBe('New referral 11616-2027-000042');
    // The service in the reader's language, the deadline in the office's time (09:30 UTC is 14:30 in Almaty), day first.
    expect(renderNotification('referral_received', dataFor('referral_received'), 'ru', PUBLIC_URL).text).toMatch(
      /услуга: Приют[\s\S]*ответьте до 11\.03\.2027,? 14:30/,
    );
    expect(renderNotification('referral_received', dataFor('referral_received'), 'en', PUBLIC_URL).text).toMatch(
      /service: Shelter[\s\S]*answer by 11\/03\/2027,? 14:30/,
    );
  });

  it("never holds the client's name, number, notes or story, whatever it was handed", () => {
    const secrets = [
      CASE.clientName,
      CASE.clientNameLatin,
      'Айжан',
      'Тайнова',
      CASE.phone,
      CASE.phoneShown,
      CASE.phone.slice(2),
      '5550142',
      CASE.notes,
      'паспорт',
      CASE.summary,
      CASE.taskTitle,
      CASE.cancelReason,
      'Шымкент',
    ];
    const rendered: string[] = [];
    for (const { locale, kind } of every) rendered.push(whole(renderNotification(kind, dataFor(kind), locale, PUBLIC_URL)));
    for (const locale of LOCALES)
      rendered.push(
        whole(
          renderDigest(
            NOTIFICATION_KINDS.map((kind, n) => ({ kind, data: dataFor(kind), createdAt: new Date(Date.UTC(2027, 2, 10, 4, n)) })),
            locale,
            PUBLIC_URL,
          ),
        ),
      );
    const found = rendered.flatMap((text) => secrets.filter((secret) => text.toLowerCase().includes(secret.toLowerCase())));
    expect(found).toEqual([]);
    expect(rendered).toHaveLength(LOCALES.length * (NOTIFICATION_KINDS.length + 1));
  });

  it('says which plan is due for review (or that a task falls due), when, and links to the case', () => {
    const review = dataFor('task_due_soon');
    // 04:00 UTC is 09:00 in Almaty.
    expect(renderNotification('task_due_soon', review, 'ru', PUBLIC_URL)).toMatchObject({
      subject: 'Скоро пересмотр плана безопасности по делу 11616-2027-000042',
      text: expect.stringMatching(/^Подходит срок пересмотра плана безопасности по делу 11616-2027-000042: 11\.03\.2027,? 09:00\./),
    });
    expect(renderNotification('task_due_soon', { ...review, planKind: 'support' }, 'kk', PUBLIC_URL).subject).toBe(
      'Мерзімі жақын: 11616-2027-000042 ісі бойынша қолдау жоспарын қайта қарау',
    );
    expect(renderNotification('task_due_soon', { ...review, planKind: 'assessment' }, 'en', PUBLIC_URL).text).toMatch(
      /^The risk and vulnerability assessment of the case 11616-2027-000042 is due for review on 11\/03\/2027,? 09:00\./,
    );
    // Any other task: no plan named.
    const plain = renderNotification('task_due_soon', { ...review, planKind: null }, 'en', PUBLIC_URL);
    expect(plain.subject).toBe('Task on case 11616-2027-000042 falls due soon');
    expect(plain.text).not.toMatch(/plan|assessment/i);
    expect(plain.text).toContain(`${PUBLIC_URL}/cases/7b1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f`);
  });

  it('escapes what it puts into HTML', () => {
    const data = { ...dataFor('referral_overdue'), organisationName: '<script>alert(1)</script> & Co' };
    const mail = renderNotification('referral_overdue', data, 'en', PUBLIC_URL);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
  });

  it('gathers a day in one digest, grouped by kind, each line with its link', () => {
    const entries = [
      { kind: 'task_overdue' as const, data: dataFor('task_overdue'), createdAt: new Date('2027-03-10T05:00:00Z') },
      {
        kind: 'case_assigned' as const,
        data: { ...dataFor('case_assigned'), reference: '11616-2027-000043', path: '/cases/other' },
        createdAt: new Date('2027-03-10T06:00:00Z'),
      },
      { kind: 'case_assigned' as const, data: dataFor('case_assigned'), createdAt: new Date('2027-03-10T04:00:00Z') },
    ];
    const byLocale: Record<Locale, string> = { ru: 'сводка за день (3)', kk: 'күндік жиынтық (3)', en: 'your daily summary (3)' };
    for (const locale of LOCALES) {
      const digest = renderDigest(entries, locale, PUBLIC_URL);
      expect(digest.subject).toContain(byLocale[locale]);
      expect(digest.text).toContain(`${PUBLIC_URL}/cases/other`);
    }
    const text = renderDigest(entries, 'en', PUBLIC_URL).text;
    // Cases assigned (the older first), then overdue tasks.
    expect(text.indexOf('Cases assigned to you')).toBeLessThan(text.indexOf('Overdue tasks'));
    expect(text.indexOf('11616-2027-000042 has been assigned')).toBeLessThan(text.indexOf('11616-2027-000043 has been assigned'));
  });
});
