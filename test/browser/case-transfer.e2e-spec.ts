import type { Page } from 'playwright-core';
import { seriousAccessibilityFindings } from '../support/axe';
import { signedIn } from '../support/client';
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
  textOf,
  tRu,
  visible,
} from '../support/console';

/**
 * A client moves from Almaty to Astana and the case follows (issue 21): Almaty's case worker asks
 * for the transfer on the case page, Astana's supervisor accepts it from the cases screen (on a
 * phone) giving it to their case worker; the case leaves Almaty's list and appears in Astana's.
 * Keyboard only; axe on each dialog.
 */
describe('A case moves to another office (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;
  const REASON = 'Клиентка переехала к сестре в Астану, дальше работать там.';

  /** The cases screen's tab lists the case (or, once the list has settled, does not). */
  async function expectListed(page: Page, tab: 'mine' | 'all', reference: string, listed: boolean): Promise<void> {
    await page.goto('/cases');
    await pressOn(page.getByTestId(`cases-tab-${tab}`));
    const table = page.getByTestId('cases-table');
    await visible(table);
    await eventually(async () => {
      expect(await page.locator('main .mantine-Loader-root').count()).toBe(0);
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ''));
      expect({ tab, listed: rows.some((row) => row.includes(reference)) }).toEqual({ tab, listed });
    });
  }

  // One whole journey (three browsers, four sign-ins, a dozen screens, four accessibility scans): it gets more time than a single step.
  it('Almaty asks, Astana accepts: the case leaves Almaty’s list and appears in Astana’s', async () => {
    // A call in Almaty that opened a case, given to Almaty's case worker.
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const contact = (
      await operator.api.POST('/api/v1/contacts', {
        body: { channel: 'voice', phone: '+7 701 555 77 10', category: 'labour_exploitation', callerType: 'victim', notes: 'Работодатель удерживает паспорт.' },
      })
    ).data!;
    const [almatyWorker] = await suite.app.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [demoUser('caseworker')]);
    const opened = (
      await operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: contact.id } },
        body: { version: contact.version, type: 'labour_exploitation', assigneeId: almatyWorker.id },
      })
    ).data!;
    const { id: caseId, reference } = opened.case;

    // Almaty's case worker asks Astana to take the case (1366×768).
    const almaty = await open();
    await almaty.setViewportSize({ width: 1366, height: 768 });
    await signInToShell(almaty, demoUser('caseworker'));
    await expectListed(almaty, 'mine', reference, true);
    await almaty.goto(`/cases/${caseId}`);
    await textOf(almaty.getByTestId('case-reference'), reference);
    await pressOn(almaty.getByTestId('case-transfer-open'));
    const dialog = almaty.getByRole('dialog', { name: tRu('transfers.requestTitle', { reference }) });
    await visible(dialog);
    const office = dialog.getByRole('combobox', { name: tRu('transfers.toOffice') });
    await focused(office);
    await chooseByKeyboard(office, 'Astana');
    await almaty.keyboard.press('Tab');
    await focused(dialog.getByRole('textbox', { name: tRu('transfers.reason') }));
    await almaty.keyboard.type(REASON);
    expect(await seriousAccessibilityFindings(almaty, '[role="dialog"]')).toEqual([]);
    await pressOn(dialog.getByRole('button', { name: tRu('transfers.send') }));
    await hidden(dialog);
    const pending = almaty.getByTestId('case-transfer-pending');
    await textOf(pending, tRu('transfers.becauseOf', { reason: REASON }));
    await visible(almaty.getByTestId('case-transfer-withdraw'));
    expect(await seriousAccessibilityFindings(almaty, 'main')).toEqual([]);
    expect(
      await suite.app.db.query(`SELECT t.status, o.code FROM case_transfers t JOIN offices o ON o.id = t.to_office_id WHERE t.case_id = $1`, [caseId]),
    ).toEqual([{ status: 'pending', code: 'AST' }]);
    // Still Almaty's while it waits.
    await expectListed(almaty, 'mine', reference, true);

    // Astana's supervisor, on a phone: the request waits on the home page and on the cases screen.
    const astana = await open();
    await astana.setViewportSize({ width: 390, height: 844 });
    await signInToShell(astana, demoUser('supervisor', 'astana'));
    await textOf(astana.getByTestId('queue-transfers'), reference);
    await astana.goto('/cases');
    const incoming = astana.getByTestId('incoming-transfers');
    const request = incoming.locator(`[data-reference="${reference}"]`);
    await textOf(request, REASON);
    // Before accepting, nothing that names the client: the case itself is not theirs yet.
    expect(await incoming.innerText()).not.toContain('701');
    expect(await astana.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityFindings(astana, 'main')).toEqual([]);
    await pressOn(request.getByRole('button', { name: tRu('transfers.acceptNamed', { reference }) }));
    const accept = astana.getByRole('dialog', { name: tRu('transfers.acceptTitle', { reference }) });
    await visible(accept);
    const assignee = accept.getByRole('combobox', { name: tRu('transfers.assignTo') });
    await focused(assignee);
    await chooseByKeyboard(assignee, 'Ержан Кейс-менеджер');
    expect(await seriousAccessibilityFindings(astana, '[role="dialog"]')).toEqual([]);
    await pressOn(accept.getByRole('button', { name: tRu('transfers.acceptConfirm') }));
    await atPath(astana, `/cases/${caseId}`);
    await textOf(astana.getByTestId('case-reference'), reference);
    await textOf(astana.getByTestId('case-assignee'), 'Ержан Кейс-менеджер');
    expect(await suite.app.db.query(`SELECT o.code FROM cases c JOIN offices o ON o.id = c.office_id WHERE c.id = $1`, [caseId])).toEqual([{ code: 'AST' }]);

    // Gone from Almaty: not in its lists, and the case page says it is not found.
    for (const tab of ['mine', 'all'] as const) await expectListed(almaty, tab, reference, false);
    await almaty.goto(`/cases/${caseId}`);
    await textOf(almaty.locator('main'), tRu('errors.not_found'));

    // There in Astana: the supervisor's list, and their case worker's own cases.
    await expectListed(astana, 'all', reference, true);
    const astanaWorker = await open();
    await signInToShell(astanaWorker, demoUser('caseworker', 'astana'));
    await expectListed(astanaWorker, 'mine', reference, true);
  }, 180_000);
});
