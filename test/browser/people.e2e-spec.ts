import type { Page } from 'playwright-core';
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
  tabTo,
  tableRow,
  textOf,
  tRu,
  visible,
} from '../support/console';

/**
 * People in the console: finding a person by name and by number, editing their details and
 * identifiers, duplicates suggested by a shared number, the merge shown side by side, and an
 * administrator's Undo putting both records back. Keyboard only.
 */
describe('People in the console (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (data === undefined) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
    return data;
  }

  async function consoleOf(email: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
    const page = await open();
    await page.setViewportSize(viewport);
    await signInToShell(page, email);
    return page;
  }

  /** Types into a field by keyboard, over whatever it held. */
  async function typeInto(page: Page, field: ReturnType<Page['getByRole']>, value: string): Promise<void> {
    await field.focus();
    await focused(field);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(value);
  }

  const person = (client: TestClient, id: string) => ok(client.api.GET('/api/v1/people/{id}', { params: { path: { id } } }));

  it('an operator finds a person by name and by number (masked), edits a detail, adds and removes an identifier', async () => {
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const created = await ok(
      operator.api.POST('/api/v1/people', {
        body: { name: 'Динара Касымова', gender: 'Feminine', identifiers: [{ kind: 'phone', value: '+7 701 555 77 66' }] },
      }),
    );

    const page = await consoleOf(demoUser('operator'));
    await tabTo(page, page.getByTestId('nav-people'), 40);
    await page.keyboard.press('Enter');
    await atPath(page, '/people');
    const search = page.getByRole('searchbox', { name: tRu('common.search') });
    // The search field has the focus: type at once.
    await focused(search);
    const table = page.getByTestId('people-table');

    // By name, in Latin letters: the operator sees the name masked.
    await page.keyboard.type('Dinara Kasymova');
    const byName = tableRow(table, 'Д. К.');
    await visible(byName);
    expect(await table.locator('tbody tr').count()).toBe(1);
    await textOf(byName, '+7 701 ••• •• 66');

    // By number, written the local way.
    await typeInto(page, search, '8 701 555 77 66');
    await eventually(async () => expect(await table.locator(`tbody tr[data-row-id="${created.id}"]`).count()).toBe(1));
    const link = table.getByRole('link', { name: 'Д. К.' });
    await pressOn(link);
    await atPath(page, `/people/${created.id}`);
    await textOf(page.getByTestId('person-name'), 'Д. К.');
    await visible(page.getByTestId('person-reveal'));

    // A detail: the year of birth, saved with the version read.
    const year = page.getByRole('textbox', { name: tRu('people.details.birthYear') });
    await typeInto(page, year, '1994');
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/people/${created.id}`) && r.request().method() === 'PATCH');
    await pressOn(page.getByTestId('person-details-save'));
    expect((await saved).status()).toBe(200);
    await eventually(async () =>
      expect(await person(operator, created.id)).toMatchObject({ birthYear: 1994, gender: 'Feminine', name: 'Д. К.', version: created.version + 1 }),
    );

    // An identifier added: a document number.
    await pressOn(page.getByTestId('identifier-add'));
    const dialog = page.getByRole('dialog', { name: tRu('people.identifiers.addTitle') });
    await visible(dialog);
    const kind = dialog.getByRole('combobox', { name: tRu('people.identifiers.kind') });
    await focused(kind);
    await chooseByKeyboard(kind, 'Документ');
    await page.keyboard.press('Tab');
    await page.keyboard.type('N 7788 9900');
    const added = page.waitForResponse((r) => r.url().endsWith(`/api/v1/people/${created.id}/identifiers`) && r.request().method() === 'POST');
    await page.keyboard.press('Enter');
    expect((await added).status()).toBe(201);
    await hidden(dialog);
    const identifiers = page.getByTestId('person-identifiers');
    await visible(identifiers.locator('[data-kind="document"]'));
    await textOf(identifiers.locator('[data-kind="document"]'), '••• 00');
    expect((await person(operator, created.id)).identifiers.map((i) => i.kind)).toEqual(['phone', 'document']);

    // ... and removed again, after a confirmation.
    await pressOn(identifiers.getByRole('button', { name: tRu('people.identifiers.removeNamed', { name: 'Документ ••• 00' }) }));
    const confirm = page.getByRole('dialog', { name: tRu('people.identifiers.removeTitle') });
    await visible(confirm);
    const removed = page.waitForResponse((r) => r.url().includes(`/api/v1/people/${created.id}/identifiers/`) && r.request().method() === 'DELETE');
    await pressOn(confirm.getByTestId('identifier-remove-confirm'));
    expect((await removed).status()).toBe(200);
    await hidden(identifiers.locator('[data-kind="document"]'));
    expect((await person(operator, created.id)).identifiers.map((i) => i.kind)).toEqual(['phone']);

    // Removing the last thing that describes a person is refused with the API's words.
    const bare = await ok(operator.api.POST('/api/v1/people', { body: { identifiers: [{ kind: 'phone', value: '+7 701 555 77 01' }] } }));
    await page.goto(`/people/${bare.id}`);
    await pressOn(page.getByTestId('person-identifiers').getByTestId('identifier-remove'));
    const refuse = page.getByRole('dialog', { name: tRu('people.identifiers.removeTitle') });
    await pressOn(refuse.getByTestId('identifier-remove-confirm'));
    await textOf(refuse.getByTestId('error-alert'), tRu('fieldErrors.person_empty'));
    expect((await person(operator, bare.id)).identifiers).toHaveLength(1);
  });

  it('on a phone, the person page fits the screen', async () => {
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const created = await ok(
      operator.api.POST('/api/v1/people', {
        body: {
          name: 'Мадина Оспанова',
          identifiers: [
            { kind: 'phone', value: '+7 701 555 77 02' },
            { kind: 'address', value: 'Алматы, микрорайон Самал-2, дом 58, квартира 17' },
          ],
        },
      }),
    );
    const page = await consoleOf(demoUser('operator'), { width: 390, height: 844 });
    await page.goto(`/people/${created.id}`);
    await visible(page.getByTestId('person-details-form'));
    await visible(page.getByTestId('person-duplicates'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it("a case worker sees two people with the same number as duplicates, merges them side by side, and an administrator's Undo restores both", async () => {
    const caseWorker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    const first = await ok(
      caseWorker.api.POST('/api/v1/people', { body: { name: 'Тимур Абенов', identifiers: [{ kind: 'phone', value: '+7 702 111 22 33' }] } }),
    );
    const second = await ok(
      caseWorker.api.POST('/api/v1/people', {
        body: {
          name: 'Сулейменов Ерболат',
          birthYear: 1990,
          identifiers: [
            { kind: 'phone', value: '8 702 111 22 33' },
            { kind: 'document', value: 'N 4455 6677' },
          ],
        },
      }),
    );
    const contact = await ok(caseWorker.api.POST('/api/v1/contacts', { body: { channel: 'voice', personId: second.id, category: 'other' } }));

    const page = await consoleOf(demoUser('caseworker'));
    await tabTo(page, page.getByTestId('nav-people'), 40);
    await page.keyboard.press('Enter');
    await atPath(page, '/people');
    const search = page.getByRole('searchbox', { name: tRu('common.search') });
    await focused(search);
    await page.keyboard.type('+77021112233');
    const table = page.getByTestId('people-table');
    await visible(tableRow(table, 'Тимур Абенов'));
    await visible(tableRow(table, 'Сулейменов Ерболат'));
    await pressOn(table.getByRole('link', { name: 'Тимур Абенов' }));
    await atPath(page, `/people/${first.id}`);

    // The other record is suggested: same number.
    const suggestion = page.getByTestId('person-duplicates').locator(`[data-testid="duplicate"][data-person-id="${second.id}"]`);
    await visible(suggestion);
    await visible(suggestion.locator('[data-match="phone"]'));
    expect(await suggestion.locator('[data-match="name"]').count()).toBe(0);
    // The person's contacts and cases are on the page (none here: they are all the other record's).
    await textOf(page.getByTestId('person-contacts'), tRu('people.records.noContacts'));

    await pressOn(suggestion.getByTestId('duplicate-compare'));
    await atPath(page, `/people/${first.id}/merge/${second.id}`);
    const compare = page.getByTestId('merge-compare');
    await visible(compare);
    await textOf(compare.getByTestId('merge-column-1'), tRu('people.mergeScreen.kept'));
    await textOf(compare.getByTestId('merge-column-2'), tRu('people.mergeScreen.mergedIn'));
    const nameRow = compare.locator('tr[data-field="name"]');
    await textOf(nameRow, 'Тимур Абенов');
    await textOf(nameRow, 'Сулейменов Ерболат');
    await textOf(compare.locator('tr[data-field="identifiers"]'), '+7 702 111 22 33');
    await textOf(compare.locator('tr[data-field="birthYear"]'), '1990');
    await textOf(page.getByTestId('merge-screen'), tRu('people.duplicates.match.phone'));

    // Too short a reason is refused before anything is sent.
    const reason = page.getByRole('textbox', { name: tRu('people.mergeScreen.reason') });
    await typeInto(page, reason, 'да');
    await pressOn(page.getByTestId('merge-submit'));
    await visible(page.getByText(tRu('fieldErrors.reasonTooShort')));
    expect((await person(caseWorker, second.id)).mergedIntoId).toBeNull();

    await typeInto(page, reason, 'Один и тот же клиент: тот же номер');
    const merged = page.waitForResponse((r) => r.url().endsWith(`/api/v1/people/${first.id}/merge`) && r.request().method() === 'POST');
    await pressOn(page.getByTestId('merge-submit'));
    expect((await merged).status()).toBe(200);
    const result = page.getByTestId('merge-result');
    await visible(result);
    expect(await result.getAttribute('data-state')).toBe('merged');
    // A case worker cannot undo a merge; the screen says who can.
    await textOf(page.getByTestId('merge-undo-by-admin'), tRu('people.mergeScreen.undoByAdmin'));
    expect((await person(caseWorker, second.id)).mergedIntoId).toBe(first.id);
    expect((await person(caseWorker, first.id)).identifiers.map((i) => i.kind).sort()).toEqual(['document', 'phone', 'phone']);
    expect((await ok(caseWorker.api.GET('/api/v1/contacts/{id}', { params: { path: { id: contact.id } } }))).personId).toBe(first.id);
    // The kept record now lists the contact that came with the other.
    await pressOn(page.getByTestId('merge-open-survivor'));
    await atPath(page, `/people/${first.id}`);
    await visible(page.getByTestId('person-contacts-table').locator(`tr[data-row-id="${contact.id}"]`));

    // An administrator undoes it from the merges list.
    const admin = await consoleOf(demoUser('admin'));
    await tabTo(admin, admin.getByTestId('nav-person-merges'), 50);
    await admin.keyboard.press('Enter');
    await atPath(admin, '/admin/merges');
    const adminApi = await signedIn(suite.app.baseUrl, demoUser('admin'));
    const merge = (await ok(adminApi.api.GET('/api/v1/people/merges'))).items.find((m) => m.mergedId === second.id && m.survivorId === first.id);
    expect(merge).toMatchObject({ undoneAt: null, movedCount: 3 });
    const row = admin.getByTestId(`merge-row-${merge!.id}`);
    await visible(row);
    await textOf(row, tRu('people.merges.inForce'));
    await pressOn(row.getByTestId('merge-undo'));
    const confirm = admin.getByRole('dialog', { name: tRu('people.merges.undoTitle') });
    await visible(confirm);
    const undone = admin.waitForResponse((r) => r.url().endsWith(`/api/v1/people/merges/${merge!.id}/undo`));
    await pressOn(confirm.getByRole('button', { name: tRu('people.mergeScreen.undo') }));
    expect((await undone).status()).toBe(200);
    await hidden(confirm);
    await textOf(row, tRu('people.merges.undoneAt', { date: '' }).trim());

    // Both records are back as they were.
    expect((await person(caseWorker, second.id)).mergedIntoId).toBeNull();
    expect((await person(caseWorker, first.id)).identifiers.map((i) => i.kind)).toEqual(['phone']);
    expect((await ok(caseWorker.api.GET('/api/v1/contacts/{id}', { params: { path: { id: contact.id } } }))).personId).toBe(second.id);
    await page.goto(`/people/${second.id}`);
    await textOf(page.getByTestId('person-name'), 'Сулейменов Ерболат');
    expect(await page.getByTestId('person-merged').count()).toBe(0);
    await visible(page.getByTestId('person-contacts-table').locator(`tr[data-row-id="${contact.id}"]`));
    await visible(page.getByTestId('person-duplicates').locator(`[data-person-id="${first.id}"]`));
  });

  it("shows the API's problem when the records changed meanwhile: a stale merge and a stale edit", async () => {
    const caseWorker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    const first = await ok(
      caseWorker.api.POST('/api/v1/people', { body: { name: 'Арман Жумабаев', identifiers: [{ kind: 'phone', value: '+7 702 999 00 11' }] } }),
    );
    const second = await ok(
      caseWorker.api.POST('/api/v1/people', { body: { name: 'Arman Zhumabaev', identifiers: [{ kind: 'phone', value: '+7 702 999 00 12' }] } }),
    );
    const page = await consoleOf(demoUser('caseworker'));

    await page.goto(`/people/${first.id}/merge/${second.id}`);
    await visible(page.getByTestId('merge-compare'));
    // Suggested by name: the same words in Cyrillic and Latin letters.
    await textOf(page.getByTestId('merge-screen'), tRu('people.duplicates.match.name'));
    await ok(
      caseWorker.api.POST('/api/v1/people/{id}/merge', { params: { path: { id: first.id } }, body: { duplicateId: second.id, reason: 'Слили в другом окне' } }),
    );
    await typeInto(page, page.getByRole('textbox', { name: tRu('people.mergeScreen.reason') }), 'Один и тот же человек');
    await pressOn(page.getByTestId('merge-submit'));
    await textOf(page.getByTestId('merge-form').getByTestId('error-alert'), tRu('errors.already_merged'));

    await page.goto(`/people/${first.id}`);
    const year = page.getByRole('textbox', { name: tRu('people.details.birthYear') });
    await visible(year);
    const current = await person(caseWorker, first.id);
    await ok(caseWorker.api.PATCH('/api/v1/people/{id}', { params: { path: { id: first.id } }, body: { version: current.version, birthYear: 1985 } }));
    await typeInto(page, year, '1986');
    await pressOn(page.getByTestId('person-details-save'));
    await textOf(page.getByTestId('person-details').getByTestId('error-alert'), tRu('errors.conflict'));
    expect((await person(caseWorker, first.id)).birthYear).toBe(1985);
    await pressOn(page.getByTestId('person-details-reload'));
    await eventually(async () => expect(await year.inputValue()).toBe('1985'));
  });
});
