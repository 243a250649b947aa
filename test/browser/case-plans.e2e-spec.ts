import { codeLabel } from '@mayak/domain';
import { MailOutbox } from '#api/core/mail/mail-outbox';
import { NotificationWatch } from '#api/modules/notifications/notification-watch';
import { seriousAccessibilityFindings } from '../support/axe';
import { dayIn, OFFICE_TIME_ZONE } from '../support/calendar';
import { signedIn } from '../support/client';
import {
  chooseByKeyboard,
  consoleSuite,
  demoUser,
  eventually,
  focused,
  hidden,
  pressOn,
  shownDate,
  signInToShell,
  textOf,
  tRu,
  visible,
} from '../support/console';
import { linkIn, startMailInbox, type MailInbox } from '../support/mail-inbox';
import { waitFor } from '../support/waiting';

/**
 * A safety plan in the console (issue 21): the case worker writes it on the case page with the
 * keyboard, its review date appears as a task in the case's Tasks section, and the day before the
 * review a reminder mail reaches them with a link back to the case (the worker's mail round run
 * here at that moment, as the mail suites do). Axe on the dialog and the page; it fits a phone.
 */
describe('Case plans: a safety plan whose review becomes a task and a reminder mail (browser)', () => {
  const PUBLIC_URL = 'https://hotline.example.org';
  const RISKS = 'Бывший работодатель ищет её через земляков на рынке.';
  const MEASURES = 'Живёт у подруги; звонит на линию с её телефона днём; кодовое слово «погода».';
  let inbox: MailInbox;
  const overrides: Record<string, string> = { PUBLIC_URL, COOKIE_SECURE: 'false', MAIL_ENABLED: 'true', MAIL_MAX_ATTEMPTS: '1' };
  // Registered before the suite's own hook: the app starts with the inbox's address.
  beforeAll(async () => {
    inbox = await startMailInbox();
    overrides.SMTP_URL = inbox.url;
  });
  afterAll(async () => inbox?.close());
  const suite = consoleSuite(overrides);

  /** The worker's part, run here: every mail waiting is sent. */
  async function sendWaitingMails(): Promise<void> {
    const waiting = await suite.app.db.query<{ id: string }>(`SELECT id FROM mails WHERE status = 'pending' ORDER BY created_at`);
    for (const { id } of waiting) await suite.app.app.get(MailOutbox).deliver(id);
  }

  it('a case worker writes a safety plan, sees its review as a task of the case, and gets the reminder mail with a link to the case', async () => {
    const caseWorker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    const c = (await caseWorker.api.POST('/api/v1/cases', { body: { type: 'trafficking', summary: 'Угрозы со стороны бывшего работодателя' } })).data!;
    const reviewDay = dayIn(suite.app.clock.now(), OFFICE_TIME_ZONE, 3);
    const kind = codeLabel('planKind', 'safety', 'ru');

    const page = await suite.open();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInToShell(page, demoUser('caseworker'));
    await page.goto(`/cases/${c.id}`);
    await textOf(page.getByTestId('case-reference'), c.reference);
    const section = page.getByTestId('case-plans');
    await textOf(section, tRu('plans.none'));
    await textOf(page.getByTestId('case-sections'), tRu('plans.title'));

    // The plan, written with the keyboard in its dialog.
    await pressOn(section.getByRole('button', { name: tRu('plans.new', { kind }) }));
    const dialog = page.getByRole('dialog', { name: tRu('plans.newTitle', { kind }) });
    await visible(dialog);
    const risk = dialog.getByRole('combobox', { name: tRu('plans.riskLevel') });
    await focused(risk);
    await chooseByKeyboard(risk, codeLabel('planRiskLevel', 'high', 'ru'));
    await page.keyboard.press('Tab');
    await focused(dialog.getByRole('textbox', { name: tRu('plans.text.risks') }));
    await page.keyboard.type(RISKS);
    await page.keyboard.press('Tab');
    await focused(dialog.getByRole('textbox', { name: tRu('plans.text.safetyMeasures') }));
    await page.keyboard.type(MEASURES);
    const review = dialog.getByRole('textbox', { name: tRu('plans.reviewDate') });
    await review.focus();
    await page.keyboard.type(shownDate(reviewDay));
    await page.keyboard.press('Tab');
    await eventually(async () => expect(await review.inputValue()).toBe(shownDate(reviewDay)));
    expect(await seriousAccessibilityFindings(page, '[role="dialog"]')).toEqual([]);
    await pressOn(dialog.getByRole('button', { name: tRu('plans.createButton') }));
    await hidden(dialog);

    // Listed with its kind, status, risk and review date.
    const plan = section.getByTestId('plan');
    await visible(plan);
    expect(await plan.getAttribute('data-plan-kind')).toBe('safety');
    await textOf(plan.getByTestId('plan-status'), codeLabel('planStatus', 'active', 'ru'));
    await textOf(plan, tRu('plans.riskBadge', { level: codeLabel('planRiskLevel', 'high', 'ru') }));
    await textOf(plan, MEASURES);
    await textOf(plan.getByTestId('plan-review'), 'Сауле Кейс-менеджер');
    const [saved] = await suite.app.db.query<{ id: string; review_date: string; texts: Record<string, string> }>(
      `SELECT id, review_date::text, texts FROM case_plans WHERE case_id = $1`,
      [c.id],
    );
    expect(saved).toMatchObject({ review_date: reviewDay, texts: { risks: RISKS, safetyMeasures: MEASURES } });

    // The review is a task of the case, in the Tasks section, named in the console's words; it follows the plan.
    const task = page
      .getByTestId('tasks')
      .getByRole('listitem')
      .filter({ hasText: tRu('plans.reviewTask.safety') });
    await visible(task);
    await textOf(task, tRu('tasks.followsPlan'));
    expect(await task.getAttribute('data-plan-kind')).toBe('safety');
    expect(await task.getByRole('button', { name: tRu('tasks.markDone') }).count()).toBe(0);
    const [row] = await suite.app.db.query<{ id: string; due_at: Date; status: string }>(`SELECT id, due_at, status FROM case_tasks WHERE plan_id = $1`, [
      saved.id,
    ]);
    // 09:00 in Almaty on the review day.
    expect({ due: row.due_at.toISOString(), status: row.status }).toEqual({ due: `${reviewDay}T04:00:00.000Z`, status: 'open' });
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);

    // On a phone: the section fits, without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    await section.scrollIntoViewIfNeeded();
    await visible(section.getByTestId('plan-record-review'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityFindings(page, '[data-testid="case-plans"]')).toEqual([]);

    // The day before the review (its morning, 21 hours before 09:00) the worker's mail round tells the case worker, once.
    const watch = suite.app.app.get(NotificationWatch);
    const before = row.due_at.getTime() - 21 * 3600_000;
    await watch.run(new Date(before));
    await watch.run(new Date(before + 3600_000));
    await sendWaitingMails();
    const subject = `Скоро пересмотр плана безопасности по делу ${c.reference}`;
    const mail = await waitFor('the reminder mail', async () => inbox.to(demoUser('caseworker')).find((m) => m.subject === subject));
    expect(inbox.to(demoUser('caseworker')).filter((m) => m.subject === subject)).toHaveLength(1);
    for (const secret of [RISKS, MEASURES, 'земляк', 'погода']) expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(secret);
    const link = linkIn(mail, PUBLIC_URL);
    expect(link.pathname).toBe(`/cases/${c.id}`);

    // The link opens the case, where the plan is; the review is recorded there, with the next one a month on.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(link.pathname);
    await textOf(page.getByTestId('case-reference'), c.reference);
    const reopened = page.getByTestId('case-plans').getByTestId('plan');
    await visible(reopened);
    await pressOn(reopened.getByRole('button', { name: tRu('plans.recordReviewNamed', { kind }) }));
    const reviewDialog = page.getByRole('dialog', { name: tRu('plans.reviewTitle', { kind }) });
    await visible(reviewDialog);
    await focused(reviewDialog.getByRole('combobox', { name: tRu('plans.riskNow') }));
    await chooseByKeyboard(reviewDialog.getByRole('combobox', { name: tRu('plans.riskNow') }), codeLabel('planRiskLevel', 'medium', 'ru'));
    const nextDay = dayIn(suite.app.clock.now(), OFFICE_TIME_ZONE, 30);
    const next = reviewDialog.getByRole('textbox', { name: tRu('plans.nextReviewDate') });
    await next.focus();
    await page.keyboard.type(shownDate(nextDay));
    await page.keyboard.press('Tab');
    await eventually(async () => expect(await next.inputValue()).toBe(shownDate(nextDay)));
    expect(await seriousAccessibilityFindings(page, '[role="dialog"]')).toEqual([]);
    await pressOn(reviewDialog.getByRole('button', { name: tRu('plans.recordReview') }));
    await hidden(reviewDialog);
    await textOf(reopened.getByTestId('plan-status'), codeLabel('planStatus', 'reviewed', 'ru'));
    await eventually(async () =>
      expect(
        await page
          .getByTestId('tasks')
          .locator('li[data-plan-kind="safety"]')
          .evaluateAll((items) => items.map((li) => li.getAttribute('data-task-status')).sort()),
      ).toEqual(['done', 'open']),
    );
    expect(await suite.app.db.query(`SELECT status, due_at FROM case_tasks WHERE plan_id = $1 ORDER BY created_at`, [saved.id])).toEqual([
      { status: 'done', due_at: row.due_at },
      { status: 'open', due_at: new Date(`${nextDay}T04:00:00.000Z`) },
    ]);
  });
});
