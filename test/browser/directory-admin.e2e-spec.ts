import type { Locator, Page } from 'playwright-core';
import { codeLabel, languageLabel } from '@mayak/domain';
import { signedIn, type TestClient } from '../support/client';
import {
  atPath,
  chooseByKeyboard,
  consoleSuite,
  demoUser,
  eventually,
  focused,
  hidden,
  pressOn,
  signInToShell,
  tableRow,
  textOf,
  tRu,
  visible,
} from '../support/console';

/**
 * The console's administration of the directory and the knowledge base, the referrals board
 * and partner accounts: an administrator keeps the directory, a supervisor writes an article
 * operators then find, a supervisor watches overdue referrals, and an administrator gives a
 * partner their organisation. What the user sees is checked, then the database.
 */
describe('Console directory, knowledge, referrals board and partner accounts (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  const SHELTER = 'Приют «Светлый дом»';
  const LEGAL = 'Правовой центр для мигрантов';

  async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (data === undefined) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
    return data;
  }

  async function organisationId(name: string): Promise<string> {
    const [row] = await suite.app.db.query<{ id: string }>('SELECT id FROM organisations WHERE name = $1', [name]);
    return row.id;
  }

  /** Signs in and opens a screen from the navigation with the keyboard. */
  async function openScreen(email: string, nav: string, path: string): Promise<Page> {
    const page = await open();
    await signInToShell(page, email);
    await pressOn(page.getByTestId(nav));
    await atPath(page, path);
    return page;
  }

  /** The body rows of a data table (not its header). */
  const bodyRows = (table: Locator) => table.locator('tbody tr');

  describe('the directory', () => {
    const NAME = 'Приют «Тёплый кров»';
    const PHONE = '+7 727 300 00 42';

    /** The operator's search of the directory through the API, with a try at seeing inactive ones too. */
    async function operatorFinds(operator: TestClient, q: string): Promise<string[]> {
      const page = await ok(operator.api.GET('/api/v1/directory/organisations', { params: { query: { limit: 50, offset: 0, q, includeInactive: true } } }));
      return page.items.map((o) => o.name);
    }

    it('an administrator adds an organisation: it is listed, searchable and stored', async () => {
      const page = await openScreen(demoUser('admin'), 'nav-directory', '/directory');
      await textOf(page.getByRole('heading', { level: 1 }), tRu('directory.title'));
      const table = page.getByTestId('directory-table');
      await textOf(table, SHELTER);

      await pressOn(page.getByTestId('organisation-create'));
      const dialog = page.getByRole('dialog', { name: tRu('directory.create') });
      await visible(dialog);
      // The dialog opens on its first field.
      const name = dialog.getByRole('textbox', { name: tRu('directory.name') });
      await focused(name);
      await page.keyboard.type(NAME);
      const type = dialog.getByRole('combobox', { name: tRu('directory.type') });
      await type.focus();
      await chooseByKeyboard(type, codeLabel('organisationType', 'NGO', 'ru'));
      await pressOn(dialog.getByRole('checkbox', { name: codeLabel('serviceType', 'shelter', 'ru'), exact: true }), 'Space');
      await pressOn(dialog.getByRole('checkbox', { name: codeLabel('region', 'KZ-ALA', 'ru'), exact: true }), 'Space');
      await dialog.getByRole('textbox', { name: tRu('directory.languageCodes') }).fill('kk, RU');
      await dialog.getByRole('textbox', { name: tRu('directory.phone') }).fill(PHONE);
      await pressOn(dialog.getByRole('button', { name: tRu('common.save'), exact: true }));
      await hidden(dialog);
      await visible(page.getByText(tRu('directory.created'), { exact: true }));

      const row = tableRow(table, NAME);
      await visible(row);
      await textOf(row, codeLabel('organisationType', 'NGO', 'ru'));
      await textOf(row, codeLabel('serviceType', 'shelter', 'ru'));
      await textOf(row, codeLabel('region', 'KZ-ALA', 'ru'));
      await textOf(row, `${languageLabel('kk', 'ru')}, ${languageLabel('ru', 'ru')}`);
      await textOf(row, PHONE);
      expect(await row.textContent()).not.toContain(tRu('common.inactive'));

      // Searching by the first word finds it next to the seeded shelter, and nothing else.
      await page
        .getByRole('search', { name: tRu('directory.search') })
        .getByRole('searchbox', { name: tRu('common.search'), exact: true })
        .fill('Приют');
      await eventually(async () => {
        const names = await bodyRows(table).evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
        expect(names).toHaveLength(2);
        expect(names.some((text) => text.includes(NAME))).toBe(true);
        expect(names.some((text) => text.includes(SHELTER))).toBe(true);
      });

      const rows = await suite.app.db.query<{
        type: string;
        service_types: string[];
        regions: string[];
        languages: string[];
        phone: string;
        active: boolean;
        accepts_referrals: boolean;
      }>('SELECT type, service_types, regions, languages, phone, active, accepts_referrals FROM organisations WHERE name = $1', [NAME]);
      expect(rows).toEqual([
        { type: 'NGO', service_types: ['shelter'], regions: ['KZ-ALA'], languages: ['kk', 'ru'], phone: PHONE, active: true, accepts_referrals: true },
      ]);
      // An operator finds it too.
      expect(await operatorFinds(await signedIn(suite.app.baseUrl, demoUser('operator')), 'Тёплый')).toEqual([NAME]);
    });

    it('the administrator deactivates it: it leaves the list and the operator no longer finds it', async () => {
      const page = await openScreen(demoUser('admin'), 'nav-directory', '/directory');
      const table = page.getByTestId('directory-table');
      const row = tableRow(table, NAME);
      await pressOn(row.getByRole('button', { name: tRu('directory.editNamed', { name: NAME }) }));
      const dialog = page.getByRole('dialog', { name: tRu('directory.edit') });
      await visible(dialog);
      expect(await dialog.getByRole('textbox', { name: tRu('directory.name') }).inputValue()).toBe(NAME);
      const active = dialog.getByRole('switch', { name: tRu('directory.activeLabel') });
      expect(await active.isChecked()).toBe(true);
      await pressOn(active, 'Space');
      await eventually(async () => expect(await active.isChecked()).toBe(false));
      await pressOn(dialog.getByRole('button', { name: tRu('common.save'), exact: true }));
      await hidden(dialog);
      await visible(page.getByText(tRu('directory.updated'), { exact: true }));

      // Gone from the list; back, marked inactive, when inactive ones are asked for.
      await hidden(row);
      await textOf(table, SHELTER);
      await pressOn(page.getByRole('checkbox', { name: tRu('directory.includeInactive') }), 'Space');
      await textOf(row, tRu('common.inactive'));

      const [stored] = await suite.app.db.query<{ active: boolean; version: number }>('SELECT active, version FROM organisations WHERE name = $1', [NAME]);
      expect(stored).toEqual({ active: false, version: 2 });

      // The operator: not in the API's answer (even asking for inactive ones) ...
      const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
      expect(await operatorFinds(operator, 'Тёплый')).toEqual([]);
      expect(await operatorFinds(operator, 'Приют')).toEqual([SHELTER]);
      // ... nor in their console's search, where the seeded shelter still is.
      const theirs = await openScreen(demoUser('operator'), 'nav-directory', '/directory');
      expect(await theirs.getByRole('checkbox', { name: tRu('directory.includeInactive') }).count()).toBe(0);
      const theirTable = theirs.getByTestId('directory-table');
      await theirs
        .getByRole('search', { name: tRu('directory.search') })
        .getByRole('searchbox', { name: tRu('common.search'), exact: true })
        .fill('Приют');
      await eventually(async () => {
        const texts = await bodyRows(theirTable).evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
        expect(texts).toHaveLength(1);
        expect(texts[0]).toContain(SHELTER);
      });
      expect(await theirTable.textContent()).not.toContain(NAME);
    });
  });

  describe('the knowledge base', () => {
    const TITLE = 'Клиент ночует на объекте';
    const BODY = 'Если звонящий ночует в **кочегарке** на стройке, спросите точный адрес.\n\n- Есть ли рядом охрана?\n- Можно ли уйти незаметно?';
    const TAG = 'ночлег';

    it('a supervisor writes a published Russian article with a tag; it is stored so', async () => {
      const page = await openScreen(demoUser('supervisor'), 'nav-knowledge', '/knowledge');
      await textOf(page.getByRole('heading', { level: 1 }), tRu('knowledge.title'));
      await pressOn(page.getByTestId('article-create'));
      const dialog = page.getByRole('dialog', { name: tRu('knowledge.create') });
      await visible(dialog);
      const locale = dialog.getByRole('combobox', { name: tRu('knowledge.locale') });
      expect(await locale.inputValue()).toBe('ru');
      const title = dialog.getByRole('textbox', { name: tRu('knowledge.articleTitle') });
      await focused(title);
      await page.keyboard.type(TITLE);
      await dialog.getByRole('textbox', { name: tRu('knowledge.body') }).fill(BODY);
      await dialog.getByRole('textbox', { name: tRu('knowledge.tags') }).fill(`#${TAG}`);
      const published = dialog.getByRole('switch', { name: tRu('knowledge.published') });
      expect(await published.isChecked()).toBe(false);
      await pressOn(published, 'Space');
      await eventually(async () => expect(await published.isChecked()).toBe(true));
      await pressOn(dialog.getByRole('button', { name: tRu('common.save'), exact: true }));
      await hidden(dialog);
      await visible(page.getByText(tRu('knowledge.created'), { exact: true }));

      // The new article is open next to the list.
      const view = page.getByTestId('article-view');
      await textOf(view.getByRole('heading', { level: 2 }), TITLE);
      await textOf(view, `#${TAG}`);
      expect(await view.locator('strong').first().textContent()).toBe('кочегарке');
      await textOf(page.getByTestId('knowledge-results'), TITLE);

      const rows = await suite.app.db.query<{ locale: string; body: string; tags: string[]; published: boolean; author: string }>(
        'SELECT a.locale, a.body, a.tags, a.published, u.email AS author FROM knowledge_articles a JOIN users u ON u.id = a.created_by_id WHERE a.title = $1',
        [TITLE],
      );
      expect(rows).toEqual([{ locale: 'ru', body: BODY, tags: [TAG], published: true, author: demoUser('supervisor') }]);
    });

    it('an operator finds it by a word of its body and reads it', async () => {
      const page = await openScreen(demoUser('operator'), 'nav-knowledge', '/knowledge');
      expect(await page.getByTestId('article-create').count()).toBe(0);
      await page.getByRole('searchbox', { name: tRu('knowledge.searchLabel') }).fill('кочегарке');
      const results = page.getByTestId('knowledge-results');
      await eventually(async () => {
        const items = await results.getByRole('button').allTextContents();
        expect(items).toHaveLength(1);
        expect(items[0]).toContain(TITLE);
      });
      await textOf(results, `#${TAG}`);
      await pressOn(results.getByRole('button', { name: new RegExp(TITLE) }));
      const view = page.getByTestId('article-view');
      await textOf(view.getByRole('heading', { level: 2 }), TITLE);
      await textOf(view, 'спросите точный адрес');
      await textOf(view, 'Можно ли уйти незаметно?');
      expect(await view.getByRole('listitem').count()).toBe(2);
      expect(await results.getByRole('button', { name: new RegExp(TITLE) }).getAttribute('aria-current')).toBe('true');
    });
  });

  describe('the referrals board', () => {
    let prepared:
      { onTime: { caseId: string; reference: string; referralId: string }; overdue: { caseId: string; reference: string; referralId: string } } | undefined;

    /** A case of the Almaty case worker, with consent, and one referral sent from it. */
    async function sentReferral(caseWorker: TestClient, summary: string, target: { organisation: string; serviceType: 'shelter' | 'legal_aid' }) {
      const opened = await ok(caseWorker.api.POST('/api/v1/cases', { body: { type: 'labour_exploitation', summary } }));
      await ok(
        caseWorker.api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: opened.id } }, body: { purpose: 'referral', channel: 'verbal_on_call' } }),
      );
      const [referral] = await ok(
        caseWorker.api.POST('/api/v1/cases/{id}/referrals', {
          params: { path: { id: opened.id } },
          body: {
            targets: [{ organisationId: await organisationId(target.organisation), serviceType: target.serviceType }],
            sharedSummary: summary,
            send: true,
          },
        }),
      );
      return { caseId: opened.id, reference: opened.reference, referralId: referral.id };
    }

    async function prepare() {
      if (prepared) return prepared;
      const caseWorker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
      const onTime = await sentReferral(caseWorker, 'Нужно безопасное жильё для матери с ребёнком.', { organisation: SHELTER, serviceType: 'shelter' });
      const overdue = await sentReferral(caseWorker, 'Нужна консультация: работодатель удерживает паспорт.', { organisation: LEGAL, serviceType: 'legal_aid' });
      // Sent later, so due later; made overdue by moving its deadline into the past.
      await suite.app.db.query(`UPDATE referrals SET due_at = mayak_now() - interval '1 hour' WHERE id = $1`, [overdue.referralId]);
      prepared = { onTime, overdue };
      return prepared;
    }

    it('a supervisor sees both sent referrals, the overdue one first and marked; "overdue only" keeps just it', async () => {
      const { onTime, overdue } = await prepare();
      const stored = await suite.app.db.query<{ id: string; status: string; overdue: boolean }>(
        'SELECT id, status, due_at < mayak_now() AS overdue FROM referrals WHERE id = ANY($1) ORDER BY due_at',
        [[onTime.referralId, overdue.referralId]],
      );
      expect(stored).toEqual([
        { id: overdue.referralId, status: 'sent', overdue: true },
        { id: onTime.referralId, status: 'sent', overdue: false },
      ]);

      const page = await openScreen(demoUser('supervisor'), 'nav-referrals', '/referrals');
      await textOf(page.getByRole('heading', { level: 1 }), tRu('referrals.boardTitle'));
      const table = page.getByTestId('referrals-table');
      const rows = bodyRows(table);
      await textOf(table, onTime.reference);
      await eventually(async () => expect(await rows.count()).toBe(2));
      const first = rows.nth(0);
      const second = rows.nth(1);
      await textOf(first, overdue.reference);
      await textOf(first, LEGAL);
      await textOf(first, codeLabel('serviceType', 'legal_aid', 'ru'));
      await textOf(first, tRu('referrals.status.sent'));
      await textOf(first, tRu('referrals.overdue'));
      await textOf(second, onTime.reference);
      await textOf(second, SHELTER);
      await textOf(second, tRu('referrals.status.sent'));
      expect(await second.textContent()).not.toContain(tRu('referrals.overdue'));

      const overdueOnly = page.getByRole('search', { name: tRu('common.filters') }).getByRole('checkbox', { name: tRu('referrals.overdueOnly') });
      await pressOn(overdueOnly, 'Space');
      await eventually(async () => expect(await overdueOnly.isChecked()).toBe(true));
      await eventually(async () => {
        expect(await rows.count()).toBe(1);
        expect(await rows.first().textContent()).toContain(overdue.reference);
      });
      expect(await table.textContent()).not.toContain(onTime.reference);

      // Off again: both are back.
      await pressOn(overdueOnly, 'Space');
      await eventually(async () => expect(await rows.count()).toBe(2));
    });

    it('a row links to its case', async () => {
      const { overdue } = await prepare();
      const page = await openScreen(demoUser('supervisor'), 'nav-referrals', '/referrals');
      const row = tableRow(page.getByTestId('referrals-table'), overdue.reference);
      const link = row.getByRole('link', { name: overdue.reference });
      expect(await link.getAttribute('href')).toBe(`/cases/${overdue.caseId}`);
      await pressOn(link);
      await atPath(page, `/cases/${overdue.caseId}`);
      await textOf(page.getByTestId('case-reference'), overdue.reference);
      await textOf(page.getByTestId('case-referrals').locator('li[data-status="sent"]'), LEGAL);
    });
  });

  describe('partner accounts', () => {
    const PARTNER = { email: 'yurist.partner@mayak.test', name: 'Бахыт Юрист (Правовой центр)' };

    it('an administrator must pick the organisation of a partner; the user is stored with it', async () => {
      const page = await openScreen(demoUser('admin'), 'nav-users', '/admin/users');
      await visible(tableRow(page.getByTestId('users-table'), demoUser('admin')));
      const posts: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/users') posts.push(request.url());
      });

      await pressOn(page.getByTestId('user-create'));
      const dialog = page.getByRole('dialog', { name: tRu('users.create') });
      await visible(dialog);
      await focused(dialog.getByRole('textbox', { name: tRu('users.email') }));
      await page.keyboard.type(PARTNER.email);
      await dialog.getByRole('textbox', { name: tRu('users.displayName') }).fill(PARTNER.name);
      // No organisation picker until the partner role is ticked.
      expect(await dialog.getByTestId('organisation-picker').count()).toBe(0);
      await pressOn(dialog.getByRole('checkbox', { name: tRu('roles.partner') }), 'Space');
      await pressOn(dialog.getByRole('checkbox', { name: 'Almaty' }), 'Space');
      const picker = dialog.getByTestId('organisation-picker');
      await visible(picker);
      const organisation = picker.getByRole('combobox', { name: tRu('users.organisation') });

      // Saving without an organisation: the field says what is missing, nothing is sent.
      const save = dialog.getByRole('button', { name: tRu('users.invite'), exact: true });
      await pressOn(save);
      await textOf(picker, tRu('users.organisationRequired'));
      expect(await organisation.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await organisation.getAttribute('aria-describedby')) ?? '';
      const description = await page.evaluate(
        (ids) =>
          ids
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent ?? '')
            .join(' '),
        describedBy,
      );
      expect(description).toContain(tRu('users.organisationRequired'));
      await visible(dialog);
      expect(posts).toEqual([]);

      // Narrow the list by typing, then choose with the keyboard.
      await picker.getByRole('searchbox', { name: tRu('directory.findOrganisation') }).fill('Правовой');
      const option = `${LEGAL} (${codeLabel('organisationType', 'LegalService', 'ru')})`;
      await eventually(async () => {
        // Wait for the narrowed list itself: keys pressed while it is still the full list land elsewhere.
        expect(await organisation.locator('option').allTextContents()).toEqual([tRu('common.notChosen'), option]);
      });
      await organisation.focus();
      await chooseByKeyboard(organisation, option);
      await eventually(async () => expect(await organisation.getAttribute('aria-invalid')).not.toBe('true'));
      expect(await picker.textContent()).not.toContain(tRu('users.organisationRequired'));

      await pressOn(save);
      await hidden(dialog);
      // Mail is off here: the invitation link is handed to the administrator to pass on.
      const handover = page.getByRole('dialog', { name: tRu('users.linkTitle') });
      await visible(handover);
      await pressOn(handover.getByRole('button', { name: tRu('users.linkHandedOver'), exact: true }));
      await hidden(handover);
      const row = tableRow(page.getByTestId('users-table'), PARTNER.email);
      await textOf(row, PARTNER.name);
      await textOf(row, tRu('roles.partner'));
      expect(posts).toHaveLength(1);

      const [stored] = await suite.app.db.query<{ roles: string[]; organisation_id: string | null }>(
        'SELECT roles, organisation_id FROM users WHERE email = $1',
        [PARTNER.email],
      );
      expect(stored).toEqual({ roles: ['partner'], organisation_id: await organisationId(LEGAL) });
    });
  });
});
