import { seriousAccessibilityFindings } from '../support/axe';
import { signedIn } from '../support/client';
import { atPath, consoleSuite, demoUser, eventually, focused, hidden, signInToShell, tabTo, textOf, tRu, visible } from '../support/console';

/**
 * A contact becomes a case at any time: an operator opens one from a contact completed earlier
 * and adds another completed contact to it; a case worker starts a case from the Cases list.
 * All by keyboard, with axe on the dialogs.
 */
describe('Cases from any contact, and on their own (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  it('an operator opens a case from a completed contact and adds another completed contact to it', async () => {
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const complete = async (notes: string) => {
      const logged = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', category: 'labour_exploitation', callerType: 'victim', notes } });
      const done = await operator.api.POST('/api/v1/contacts/{id}/complete', {
        params: { path: { id: logged.data!.id } },
        body: { version: logged.data!.version },
      });
      expect(done.data!.status).toBe('completed');
      return done.data!.id;
    };
    const first = await complete('Перезвонил после смены: паспорт у бригадира');
    const second = await complete('Его брат звонит о том же работодателе');

    const page = await open();
    await signInToShell(page, demoUser('operator'));
    await page.goto(`/contacts/${first}`);
    const openButton = page.getByTestId('contact-open-case');
    await visible(openButton);
    await tabTo(page, openButton, 60);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: tRu('intake.openCase.title') });
    await visible(dialog);
    // The type follows the contact's category; the first field has the focus.
    expect(await dialog.getByLabel(tRu('cases.type')).inputValue()).toBe('labour_exploitation');
    expect(await seriousAccessibilityFindings(page, '[role="dialog"]')).toEqual([]);
    await tabTo(page, dialog.getByTestId('open-case-submit'), 15);
    await page.keyboard.press('Enter');
    await eventually(async () => expect(new URL(page.url()).pathname).toMatch(/^\/cases\/[0-9a-f-]{36}$/));
    const caseId = new URL(page.url()).pathname.split('/')[2];
    const [{ reference }] = await suite.app.db.query<{ reference: string }>(`SELECT reference FROM cases WHERE id = $1`, [caseId]);
    expect((await suite.app.db.query<{ case_id: string }>(`SELECT case_id FROM contacts WHERE id = $1`, [first]))[0].case_id).toBe(caseId);

    // The second contact joins the same case from its page.
    await page.goto(`/contacts/${second}`);
    const linkButton = page.getByTestId('contact-link-case');
    await visible(linkButton);
    await tabTo(page, linkButton, 60);
    await page.keyboard.press('Enter');
    const linkDialog = page.getByRole('dialog', { name: tRu('contacts.linkCase.title') });
    await visible(linkDialog);
    await focused(linkDialog.getByTestId('link-case-search'));
    await page.keyboard.type(reference);
    const option = linkDialog.getByRole('radio', { name: new RegExp(reference) });
    await visible(option);
    await eventually(async () => expect(await linkDialog.getByTestId('link-case-option').count()).toBe(1));
    await page.keyboard.press('Tab');
    await focused(option);
    await page.keyboard.press('Space');
    expect(await seriousAccessibilityFindings(page, '[role="dialog"]')).toEqual([]);
    await tabTo(page, linkDialog.getByTestId('link-case-submit'), 10);
    await page.keyboard.press('Enter');
    await hidden(linkDialog);
    await textOf(page.getByTestId('contact-detail'), reference);
    await hidden(page.getByTestId('contact-link-case'));
    expect((await suite.app.db.query<{ case_id: string }>(`SELECT case_id FROM contacts WHERE id = $1`, [second]))[0].case_id).toBe(caseId);
  });

  it('a case worker starts a case from the Cases list', async () => {
    const page = await open();
    await signInToShell(page, demoUser('caseworker'));
    await page.goto('/cases');
    await atPath(page, '/cases');
    const create = page.getByTestId('case-create');
    await tabTo(page, create, 60);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: tRu('cases.create.title') });
    await visible(dialog);
    await dialog.getByLabel(tRu('cases.summary')).fill('Пришла в офис сама: ищет сестру, уехавшую на заработки');
    expect(await seriousAccessibilityFindings(page, '[role="dialog"]')).toEqual([]);
    await tabTo(page, dialog.getByTestId('open-case-submit'), 15);
    await page.keyboard.press('Enter');
    await eventually(async () => expect(new URL(page.url()).pathname).toMatch(/^\/cases\/[0-9a-f-]{36}$/));
    const caseId = new URL(page.url()).pathname.split('/')[2];
    const [created] = await suite.app.db.query<{ summary: string; office: string }>(
      `SELECT c.summary, o.code AS office FROM cases c JOIN offices o ON o.id = c.office_id WHERE c.id = $1`,
      [caseId],
    );
    expect(created).toEqual({ summary: 'Пришла в офис сама: ищет сестру, уехавшую на заработки', office: 'ALA' });
  });
});
