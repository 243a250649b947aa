import type { Page } from 'playwright-core';
import { codeLabel } from '@mayak/domain';
import { signedIn, type TestClient } from '../support/client';
import {
  chooseByKeyboard,
  consoleSuite,
  DEMO_PARTNER_EMAIL,
  demoUser,
  eventually,
  focused,
  hidden,
  label,
  pressOn,
  signInToShell,
  tableRow,
  textOf,
  tRu,
  visibleNavItems,
  visible,
} from '../support/console';

/**
 * Referrals, the service directory and the knowledge base in the console: a case worker
 * refers a client (consent first), the partner answers in their own console seeing only the
 * shared summary, the answer comes back to the case and the alerts; the directory and the
 * knowledge base found from the intake. What the user sees is checked, then the database.
 */
describe('Console referrals, directory and knowledge base (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  const SHELTER = 'Приют «Светлый дом»';
  const LEGAL = 'Правовой центр для мигрантов';
  const ARTICLE = 'Работодатель забрал паспорт';
  const SUMMARY = 'Женщина 30 лет с ребёнком, ушла от работодателя, нужно безопасное жильё на 2 недели.';
  const HIDDEN_NOTE = 'Внутренняя заметка: брат клиентки работает на том же объекте.';

  async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (data === undefined) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
    return data;
  }

  async function organisationId(name: string): Promise<string> {
    const [row] = await suite.app.db.query<{ id: string }>('SELECT id FROM organisations WHERE name = $1', [name]);
    return row.id;
  }

  /** A case of the Almaty case worker, opened from an operator's call. */
  async function caseFor(operator: TestClient, caseWorkerId: string, phone: string, notes: string) {
    const contact = await ok(
      operator.api.POST('/api/v1/contacts', {
        body: { channel: 'voice', phone, category: 'labour_exploitation', callerType: 'victim', notes },
      }),
    );
    const opened = await ok(
      operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: contact.id } },
        body: { type: 'labour_exploitation', version: contact.version, assigneeId: caseWorkerId },
      }),
    );
    return opened.case;
  }

  // Shared between the steps of one story (Jest runs the tests of a file in order).
  let story: { caseId: string; reference: string; otherReference: string } | undefined;

  async function setUp() {
    if (story) return story;
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const caseWorker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    const [worker] = await suite.app.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [demoUser('caseworker')]);
    const main = await caseFor(operator, worker.id, '+7 701 555 10 20', 'Звонит женщина, ушла от работодателя с ребёнком.');
    const other = await caseFor(operator, worker.id, '+7 701 555 30 40', 'Мужчина, работодатель не платит зарплату.');
    // A note on the main case the partner must never see.
    const noted = await caseWorker.api.POST('/api/v1/cases/{id}/notes', { params: { path: { id: main.id } }, body: { body: HIDDEN_NOTE } });
    expect(noted.response.ok).toBe(true);
    // A second referral, to another organisation, on another case: not the partner's business.
    await ok(
      caseWorker.api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: other.id } }, body: { purpose: 'referral', channel: 'verbal_on_call' } }),
    );
    await ok(
      caseWorker.api.POST('/api/v1/cases/{id}/referrals', {
        params: { path: { id: other.id } },
        body: {
          targets: [{ organisationId: await organisationId(LEGAL), serviceType: 'legal_aid' }],
          sharedSummary: 'Нужна консультация по невыплате зарплаты.',
          send: true,
        },
      }),
    );
    story = { caseId: main.id, reference: main.reference, otherReference: other.reference };
    return story;
  }

  /** The refer dialog, opened from the case workspace with the keyboard. */
  async function openReferDialog(page: Page, locale: 'ru' | 'kk' | 'en' = 'ru') {
    await pressOn(page.getByTestId('refer-button'));
    const dialog = page.getByRole('dialog', { name: label(locale, 'referrals.refer.title') });
    await visible(dialog);
    return dialog;
  }

  it('a case worker is told to record consent first, records it, and refers the client to the shelter: a draft, then sent', async () => {
    const { caseId } = await setUp();
    const page = await open();
    await signInToShell(page, demoUser('caseworker'));
    await page.goto(`/cases/${caseId}`);
    const section = page.getByTestId('case-referrals');
    await textOf(section, tRu('referrals.none'));

    const fill = async (dialog: Awaited<ReturnType<typeof openReferDialog>>, submit: 'sendNow' | 'saveDraft') => {
      const service = dialog.getByRole('combobox', { name: tRu('directory.serviceType'), exact: true });
      await service.focus();
      await chooseByKeyboard(service, codeLabel('serviceType', 'shelter', 'ru'));
      const target = dialog.getByRole('checkbox', {
        name: tRu('referrals.refer.targetNamed', { name: SHELTER, service: codeLabel('serviceType', 'shelter', 'ru') }),
      });
      await visible(target);
      await pressOn(target, 'Space');
      await textOf(dialog.getByTestId('refer-targets'), SHELTER);
      await dialog.getByRole('textbox', { name: tRu('referrals.refer.summary') }).focus();
      await page.keyboard.type(SUMMARY);
      await pressOn(dialog.getByRole('button', { name: tRu(`referrals.refer.${submit}`), exact: true }));
    };

    // No consent to referral yet: the API refuses, the dialog says what to do.
    let dialog = await openReferDialog(page);
    await fill(dialog, 'sendNow');
    const consentAlert = dialog.getByTestId('consent-required');
    await textOf(consentAlert, tRu('errors.consent_required'));
    expect(await suite.app.db.query('SELECT 1 FROM referrals WHERE case_id = $1', [caseId])).toHaveLength(0);

    // "Go to consents" closes the dialog and puts the keyboard on "record consent to referral".
    await pressOn(consentAlert.getByRole('button', { name: tRu('referrals.refer.recordConsent') }));
    await hidden(dialog);
    const referralPurpose = codeLabel('consentPurpose', 'referral', 'ru');
    const record = page.getByTestId('consents').getByRole('button', { name: tRu('consents.recordNamed', { purpose: referralPurpose }) });
    await focused(record);
    await page.keyboard.press('Enter');
    await textOf(page.getByTestId('consents').locator('[data-purpose="referral"]'), tRu('consents.given'));

    // Saved as a draft first, then sent from the case: the whole walk from draft on.
    dialog = await openReferDialog(page);
    await fill(dialog, 'saveDraft');
    await hidden(dialog);
    const draftItem = section.locator('li[data-status="draft"]');
    await textOf(draftItem, tRu('referrals.status.draft'));
    expect(await suite.app.db.query(`SELECT status FROM referrals WHERE case_id = $1`, [caseId])).toEqual([{ status: 'draft' }]);
    await pressOn(draftItem.getByRole('button', { name: tRu('referrals.moveNamed', { action: tRu('referrals.move.sent'), name: SHELTER }) }));
    const item = section.locator('li[data-status="sent"]');
    await textOf(item, SHELTER);
    await textOf(item, tRu('referrals.status.sent'));
    await textOf(item.getByTestId('referral-due'), tRu('referrals.dueAt', { time: '' }).trim());
    const letter = item.getByRole('link', { name: tRu('referrals.letterNamed', { name: SHELTER }) });
    expect(await letter.getAttribute('target')).toBe('_blank');
    expect(await letter.getAttribute('href')).toMatch(/\/api\/v1\/referrals\/[0-9a-f-]+\/letter\?locale=ru$/);

    const rows = await suite.app.db.query<{ status: string; due_at: Date | null; shared_summary: string; service_type: string }>(
      'SELECT r.status, r.due_at, r.shared_summary, r.service_type FROM referrals r JOIN organisations o ON o.id = r.organisation_id WHERE r.case_id = $1 AND o.name = $2',
      [caseId, SHELTER],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'sent', shared_summary: SUMMARY, service_type: 'shelter' });
    expect(rows[0].due_at).toBeInstanceOf(Date);
    expect(rows[0].due_at!.getTime()).toBeGreaterThan(suite.app.clock.nowMs());
  });

  it('the partner sees only their referral and its summary, accepts, starts and completes it', async () => {
    const { reference, otherReference, caseId } = await setUp();
    const page = await open();
    await signInToShell(page, DEMO_PARTNER_EMAIL);
    expect(await visibleNavItems(page)).toEqual(['nav-home', 'nav-partner', 'nav-account']);
    await pressOn(page.getByTestId('nav-partner'));
    const table = page.getByTestId('partner-referrals');
    await textOf(table, reference);
    expect(await table.textContent()).not.toContain(otherReference);

    await pressOn(table.getByRole('button', { name: tRu('partner.openNamed', { reference }) }));
    const detail = page.getByTestId('partner-referral');
    await textOf(detail.getByTestId('partner-summary'), SUMMARY);
    await textOf(detail, tRu('partner.clientNotShared'));
    expect(await page.locator('body').textContent()).not.toContain(HIDDEN_NOTE);
    expect(await page.locator('body').textContent()).not.toContain('Звонит женщина');

    const answer = async (move: 'accepted' | 'in_progress' | 'completed', outcome?: string) => {
      await pressOn(detail.getByRole('button', { name: tRu(`referrals.move.${move}`), exact: true }));
      const form = page.getByTestId('referral-move-form');
      await visible(form);
      if (outcome) {
        const select = form.getByRole('combobox', { name: tRu('referrals.outcome') });
        await select.focus();
        await chooseByKeyboard(select, outcome);
        await form.getByRole('textbox', { name: tRu('referrals.note') }).fill('Клиентка заселена, ребёнок с ней.');
      }
      await pressOn(form.getByRole('button', { name: tRu('referrals.confirmMove') }));
      await hidden(form);
      await eventually(async () => expect(await detail.getAttribute('data-status')).toBe(move));
    };
    await answer('accepted');
    await answer('in_progress');
    await answer('completed', codeLabel('referralOutcome', 'service_provided', 'ru'));
    await textOf(detail, codeLabel('referralOutcome', 'service_provided', 'ru'));
    expect(await detail.getByRole('button').count()).toBe(0);

    const [row] = await suite.app.db.query<{ status: string; outcome: string; partner_note: string; answered_at: Date | null; finished_at: Date | null }>(
      'SELECT status, outcome, partner_note, answered_at, finished_at FROM referrals WHERE case_id = $1',
      [caseId],
    );
    expect(row).toMatchObject({ status: 'completed', outcome: 'service_provided', partner_note: 'Клиентка заселена, ребёнок с ней.' });
    expect(row.answered_at).toBeInstanceOf(Date);
    expect(row.finished_at).toBeInstanceOf(Date);
  });

  it('the case worker sees the referral completed on the case and the answer in the alerts inbox', async () => {
    const { caseId, reference } = await setUp();
    const page = await open();
    await signInToShell(page, demoUser('caseworker'));
    await page.goto(`/cases/${caseId}`);
    const item = page.getByTestId('case-referrals').locator('li[data-status="completed"]');
    await textOf(item, tRu('referrals.status.completed'));
    await textOf(item, codeLabel('referralOutcome', 'service_provided', 'ru'));

    await pressOn(page.getByTestId('nav-alerts'));
    const row = tableRow(page.getByTestId('alerts-table'), tRu('alerts.kinds.referral_answered')).filter({ hasText: tRu('referrals.status.completed') });
    await textOf(row.first(), `${reference}: ${SHELTER}`);
    expect(await row.first().getByRole('link').getAttribute('href')).toBe(`/cases/${caseId}`);
    const alerts = await suite.app.db.query<{ kind: string }>(
      `SELECT a.kind FROM alerts a JOIN users u ON u.id = a.recipient_id WHERE u.email = $1 AND a.entity_id = $2 AND a.kind = 'referral_answered'`,
      [demoUser('caseworker'), caseId],
    );
    expect(alerts.length).toBe(3);
  });

  it('the directory finds services by type and region; the knowledge base is searched and used on a call', async () => {
    const page = await open();
    await signInToShell(page, demoUser('operator'));
    await pressOn(page.getByTestId('nav-directory'));
    const filters = page.getByRole('search', { name: tRu('directory.search') });
    const service = filters.getByRole('combobox', { name: tRu('directory.serviceType'), exact: true });
    await service.focus();
    await chooseByKeyboard(service, codeLabel('serviceType', 'shelter', 'ru'));
    const region = filters.getByRole('combobox', { name: tRu('directory.region'), exact: true });
    await region.focus();
    await chooseByKeyboard(region, codeLabel('region', 'KZ-ALA', 'ru'));
    const table = page.getByTestId('directory-table');
    await eventually(async () => {
      const text = (await table.textContent()) ?? '';
      expect(text).toContain(SHELTER);
      expect(text).not.toContain('Кризисный центр «Жан»');
      expect(text).not.toContain(LEGAL);
    });
    await textOf(tableRow(table, SHELTER), '+7 727 300 00 01');

    await pressOn(page.getByTestId('nav-knowledge'));
    await page.getByRole('searchbox', { name: tRu('knowledge.searchLabel') }).fill('паспорт');
    const results = page.getByTestId('knowledge-results');
    await textOf(results, ARTICLE);
    await pressOn(results.getByRole('button', { name: new RegExp(ARTICLE) }).first());
    await textOf(page.getByTestId('article-view'), 'Удерживать чужой паспорт незаконно.');
    expect(await page.getByTestId('article-view').locator('strong').first().textContent()).toBe('Удерживать чужой паспорт незаконно.');

    // On the intake: the call exists once the number is typed; the article is marked as used on it.
    await pressOn(page.getByTestId('nav-intake'));
    const phone = page.getByTestId('intake-form').getByRole('textbox', { name: tRu('intake.phone'), exact: true });
    await focused(phone);
    await page.keyboard.type('8 701 444 55 66');
    await eventually(async () => expect(await page.getByTestId('autosave-status').getAttribute('data-state')).toBe('saved'), 15_000);
    const panel = page.getByTestId('knowledge-panel');
    await panel.getByRole('searchbox', { name: tRu('knowledge.searchLabel') }).fill('паспорт');
    await pressOn(
      panel
        .getByTestId('knowledge-panel-results')
        .getByRole('button', { name: new RegExp(ARTICLE) })
        .first(),
    );
    await pressOn(panel.getByRole('button', { name: tRu('knowledge.useOnCall') }));
    await textOf(panel.getByTestId('knowledge-used'), ARTICLE);
    await visible(panel.getByRole('button', { name: tRu('knowledge.usedAlready') }));

    const used = await suite.app.db.query<{ title: string }>(
      `SELECT a.title FROM contact_articles ca JOIN knowledge_articles a ON a.id = ca.article_id JOIN contacts c ON c.id = ca.contact_id WHERE c.phone_hash IS NOT NULL ORDER BY ca.created_at DESC`,
    );
    expect(used.map((row) => row.title)).toContain('Работодатель забрал паспорт: что делать');
  });

  it('the refer dialog speaks Kazakh and English', async () => {
    const { caseId } = await setUp();
    const page = await open();
    await signInToShell(page, demoUser('caseworker'));
    await page.goto(`/cases/${caseId}`);
    for (const locale of ['kk', 'en'] as const) {
      await page.getByTestId('language-switch').selectOption(locale);
      await textOf(page.getByTestId('case-referrals'), label(locale, 'referrals.caseTitle'));
      const dialog = await openReferDialog(page, locale);
      await visible(dialog.getByRole('textbox', { name: label(locale, 'referrals.refer.summary') }));
      await textOf(dialog, label(locale, 'referrals.refer.summaryHint'));
      await visible(dialog.getByRole('checkbox', { name: label(locale, 'referrals.refer.shareContact') }));
      await visible(dialog.getByRole('button', { name: label(locale, 'referrals.refer.sendNow'), exact: true }));
      await visible(dialog.getByRole('button', { name: label(locale, 'referrals.refer.saveDraft'), exact: true }));
      await visible(dialog.getByRole('combobox', { name: label(locale, 'directory.serviceType'), exact: true }));
      await page.keyboard.press('Escape');
      await hidden(dialog);
    }
  });
});
