import { CASE_ATTACHMENT_CATEGORY_LABELS } from '@mayak/domain';
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
  tabTo,
  textOf,
  tRu,
  visible,
} from '../support/console';

const SCAN = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% трудовой договор\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const FILE_NAME = 'Договор с работодателем.pdf';

/**
 * A case worker keeps a scan of a contract with a case (issue 21): chooses it with the system's
 * file picker from the keyboard, says what it is, uploads it, sees it listed, opens it in a new
 * tab (audited) and removes it after confirming; on a 1366×768 screen and on a phone. Axe on the
 * case page.
 */
describe('Files kept with a case (browser)', () => {
  const suite = consoleSuite();

  for (const viewport of [
    { name: 'a 1366×768 screen', width: 1366, height: 768 },
    { name: 'a phone', width: 390, height: 844 },
  ]) {
    it(`a case worker adds a scan to a case, sees it listed, opens it and removes it, by keyboard on ${viewport.name}`, async () => {
      const worker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
      const kase = (await worker.api.POST('/api/v1/cases', { body: { type: 'labour_exploitation' } })).data!;
      const page = await suite.open();
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await signInToShell(page, demoUser('caseworker'));
      await page.goto(`/cases/${kase.id}`);
      await textOf(page.getByTestId('case-reference'), kase.reference);
      const section = page.getByTestId('case-attachments');
      await textOf(section.getByTestId('case-attachment-list'), tRu('caseAttachments.none'));

      // The sections bar jumps to the files; from their heading, Tab reaches the file field.
      await pressOn(page.getByTestId('case-section-case-attachments-title'));
      await focused(section.getByRole('heading', { name: tRu('caseAttachments.title'), level: 2 }));
      const fileField = section.getByTestId('case-attachment-file');
      await tabTo(page, fileField, 10);
      // Enter opens the system's file picker (the browser's own), which is given the file. The test
      // takes over the picker first (a round trip to the page, so that is in place before the key).
      const chooserShown = page.waitForEvent('filechooser');
      await page.evaluate(() => undefined);
      await page.keyboard.press('Enter');
      const chooser = await chooserShown;
      await chooser.setFiles({ name: FILE_NAME, mimeType: 'application/pdf', buffer: SCAN });
      await textOf(fileField, FILE_NAME);
      const category = section.getByTestId('case-attachment-category');
      await tabTo(page, category, 5);
      await chooseByKeyboard(category, CASE_ATTACHMENT_CATEGORY_LABELS.ru.contract_or_job_offer);
      const description = section.getByTestId('case-attachment-description');
      await tabTo(page, description, 3);
      await page.keyboard.type('Обещали работу на стройке, паспорт забрали');
      await tabTo(page, section.getByTestId('case-attachment-upload'), 3);
      await page.keyboard.press('Enter');

      const listed = section.getByTestId('case-attachment');
      await textOf(listed, FILE_NAME);
      await textOf(listed, CASE_ATTACHMENT_CATEGORY_LABELS.ru.contract_or_job_offer);
      await textOf(listed, 'Обещали работу на стройке, паспорт забрали');
      // The form is ready for the next file.
      await textOf(fileField, tRu('caseAttachments.filePlaceholder'));
      const [file] = await suite.app.db.query<{ id: string; size_bytes: number }>(`SELECT id, size_bytes FROM case_attachments WHERE case_id = $1`, [kase.id]);
      expect(file.size_bytes).toBe(SCAN.length);
      // The timeline says so.
      await textOf(
        page.getByTestId('timeline').locator('[data-kind="attachment_added"]'),
        tRu('timeline.attachmentAdded', { category: CASE_ATTACHMENT_CATEGORY_LABELS.ru.contract_or_job_offer }),
      );
      // The section fits the screen, its long names wrapping (the page's own width is the other sections' business).
      expect(
        await section.evaluate((el) => ({
          overflows: el.scrollWidth > el.clientWidth,
          right: Math.round(el.getBoundingClientRect().right) <= window.innerWidth,
        })),
      ).toEqual({ overflows: false, right: true });
      expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);

      // Opened in a new tab: the API serves it, and records who opened it.
      const link = listed.getByRole('link', { name: tRu('caseAttachments.openNamed', { name: FILE_NAME }) });
      const [tab] = await Promise.all([page.context().waitForEvent('page'), pressOn(link)]);
      await eventually(() => expect(tab.url()).toBe(`${suite.app.baseUrl}/api/v1/cases/${kase.id}/attachments/${file.id}/content`));
      await eventually(async () =>
        expect(
          await suite.app.db.query(`SELECT actor_email FROM audit_log WHERE action = 'cases.attachment_opened' AND summary->>'attachmentId' = $1`, [file.id]),
        ).toEqual([{ actor_email: demoUser('caseworker') }]),
      );
      await tab.close();

      // Removed after confirming: the list is empty again, the file gone from the store.
      await pressOn(listed.getByRole('button', { name: tRu('caseAttachments.removeNamed', { name: FILE_NAME }) }));
      const dialog = page.getByRole('dialog', { name: tRu('caseAttachments.removeTitle') });
      await visible(dialog);
      expect(await seriousAccessibilityFindings(page, '[role="dialog"]')).toEqual([]);
      const confirm = dialog.getByRole('button', { name: tRu('caseAttachments.remove') });
      await focused(confirm);
      await page.keyboard.press('Enter');
      await hidden(dialog);
      await textOf(section.getByTestId('case-attachment-list'), tRu('caseAttachments.none'));
      expect(await suite.app.db.query(`SELECT status, storage_key FROM case_attachments WHERE id = $1`, [file.id])).toEqual([
        { status: 'removed', storage_key: null },
      ]);
      await atPath(page, `/cases/${kase.id}`);
    });
  }
});
