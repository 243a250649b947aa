import { signedIn } from '../support/client';
import {
  chooseByKeyboard,
  DEMO_PARTNER_EMAIL,
  demoUser,
  eventually,
  hidden,
  loginForm,
  pressOn,
  signInToShell,
  textOf,
  tRu,
  visible,
} from '../support/console';
import { consoleSuiteWithMail, MAIL_PUBLIC_URL } from '../support/console-mail';
import { linkIn } from '../support/mail-inbox';

/**
 * E-mail in the console: a partner gets the new-referral mail, follows its link, signs in and
 * answers the referral there; a case worker chooses which mails they receive in their account;
 * an administrator sees a mail the server refused.
 */
describe('Console e-mail: from the mail to the answer (browser)', () => {
  const PUBLIC_URL = MAIL_PUBLIC_URL;
  const SHELTER = 'Приют «Светлый дом»';
  const SUMMARY = 'Женщина с ребёнком, нужен безопасный ночлег на неделю.';
  const suite = consoleSuiteWithMail();
  /** The worker's part, run here: every mail waiting is sent. */
  const sendWaitingMails = suite.sendWaitingMails;

  it("a partner opens the new-referral mail's link, signs in, and answers the referral there", async () => {
    const caseWorker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    const [{ id: shelterId }] = await suite.app.db.query<{ id: string }>('SELECT id FROM organisations WHERE name = $1', [SHELTER]);
    let c = (await caseWorker.api.POST('/api/v1/cases', { body: { type: 'trafficking', summary: 'Удерживают паспорт' } })).data!;
    for (const status of ['open', 'in_progress'] as const)
      c = (await caseWorker.api.POST('/api/v1/cases/{id}/status', { params: { path: { id: c.id } }, body: { version: c.version, status } })).data!;
    await caseWorker.api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: c.id } }, body: { purpose: 'referral', channel: 'verbal_on_call' } });
    const sent = await caseWorker.api.POST('/api/v1/cases/{id}/referrals', {
      params: { path: { id: c.id } },
      body: { targets: [{ organisationId: shelterId, serviceType: 'shelter' }], sharedSummary: SUMMARY, send: true },
    });
    const referral = sent.data![0];
    await sendWaitingMails();

    const [mail] = await suite.inbox.waitFor(DEMO_PARTNER_EMAIL, 1);
    expect(mail.subject).toBe(`Новое направление ${c.reference}`);
    expect(mail.text).not.toContain(SUMMARY);
    const link = linkIn(mail, PUBLIC_URL);

    // The link, opened before signing in: the sign-in form, then the referral itself.
    const page = await suite.open();
    await page.goto(`${link.pathname}${link.search}`);
    await page.waitForURL((url) => url.pathname === '/login');
    const form = loginForm(page);
    await form.email.fill(DEMO_PARTNER_EMAIL);
    await form.password.fill('mayak-demo-2026');
    await form.submit.click();
    await page.waitForURL((url) => url.pathname === '/partner' && url.searchParams.get('referral') === referral.id);
    const detail = page.getByTestId('partner-referral');
    await textOf(detail, tRu('partner.referralTitle', { reference: c.reference }));
    await textOf(detail.getByTestId('partner-summary'), SUMMARY);

    await pressOn(detail.getByRole('button', { name: tRu('referrals.move.accepted'), exact: true }));
    const move = page.getByTestId('referral-move-form');
    await visible(move);
    await pressOn(move.getByRole('button', { name: tRu('referrals.confirmMove') }));
    await hidden(move);
    await eventually(async () => expect(await detail.getAttribute('data-status')).toBe('accepted'));
    const [row] = await suite.app.db.query<{ status: string }>('SELECT status FROM referrals WHERE id = $1', [referral.id]);
    expect(row.status).toBe('accepted');
  });

  it('a case worker chooses in their account which mails reach them, and how', async () => {
    const page = await suite.open();
    await signInToShell(page, demoUser('caseworker'));
    await page.goto('/account');
    const section = page.getByTestId('notification-preferences');
    await visible(section);
    const assigned = section.getByRole('combobox', { name: tRu('notifications.kind.case_assigned') });
    await assigned.focus();
    await chooseByKeyboard(assigned, tRu('notifications.delivery.never'));
    const overdue = section.getByRole('combobox', { name: tRu('notifications.kind.task_overdue') });
    await overdue.focus();
    await chooseByKeyboard(overdue, tRu('notifications.delivery.digest'));
    await pressOn(section.getByTestId('save-notification-preferences'));
    await eventually(async () => {
      const rows = await suite.app.db.query<{ kind: string; delivery: string }>(
        `SELECT p.kind, p.delivery FROM notification_preferences p JOIN users u ON u.id = p.user_id WHERE u.email = $1 ORDER BY p.kind`,
        [demoUser('caseworker')],
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          { kind: 'case_assigned', delivery: 'never' },
          { kind: 'task_overdue', delivery: 'digest' },
        ]),
      );
    });
    // Partners' kinds are not offered to a case worker.
    expect(await section.getByRole('combobox', { name: tRu('notifications.kind.referral_received') }).count()).toBe(0);
  });

  it('an administrator sees a mail the server refused, with its reason, and tries it again', async () => {
    suite.inbox.refuse(demoUser('operator'), 550);
    const caseWorker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    const [{ id: operatorId }] = await suite.app.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [demoUser('operator')]);
    const c = (await caseWorker.api.POST('/api/v1/cases', { body: { type: 'trafficking', summary: 'x' } })).data!;
    await caseWorker.api.POST('/api/v1/cases/{id}/tasks', { params: { path: { id: c.id } }, body: { title: 'Call back', assigneeId: operatorId } });
    await sendWaitingMails();

    const page = await suite.open();
    await signInToShell(page, demoUser('admin'));
    await page.goto('/admin/queues');
    const failures = page.getByTestId('mail-failures');
    await textOf(failures, demoUser('operator'));
    await textOf(failures, '550');
    await textOf(failures, tRu('notifications.kind.task_assigned'));
    expect(await page.getByTestId('mail-delivery').textContent()).not.toContain(c.reference);

    suite.inbox.refuse(demoUser('operator'), null);
    await pressOn(failures.getByRole('button', { name: tRu('mails.retryNamed', { to: demoUser('operator') }) }));
    await eventually(async () => {
      const [row] = await suite.app.db.query<{ status: string }>(`SELECT status FROM mails WHERE kind = 'task_assigned' ORDER BY created_at DESC LIMIT 1`);
      expect(row.status).toBe('pending');
    });
    await sendWaitingMails();
    await suite.inbox.waitFor(demoUser('operator'), 1);
  });
});
