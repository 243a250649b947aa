import { signedIn } from '../support/client';
import { consoleSuite, demoUser, eventually, focused, hidden, signInToShell, tabTo, tRu, visible } from '../support/console';

/** Long pages in sections, and tables that say when they scroll. */
describe('Density: the case page in sections, tables that say they scroll (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  it('jumps to a section of a case by keyboard, its heading in view under the header and the focus on it', async () => {
    const caseWorker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    const created = (await caseWorker.api.POST('/api/v1/cases', { body: { type: 'labour_exploitation', summary: 'Разделы дела' } })).data!;
    const page = await open();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInToShell(page, demoUser('caseworker'));
    await page.goto(`/cases/${created.id}`);
    const sections = page.getByTestId('case-sections');
    await visible(sections);
    const toDetails = sections.getByRole('link', { name: tRu('trafficking.title') });
    await tabTo(page, toDetails, 60);
    await page.keyboard.press('Enter');
    const heading = page.locator('#case-details-title');
    await focused(heading);
    await eventually(async () => {
      const box = (await heading.boundingBox())!;
      const bar = (await sections.boundingBox())!;
      // Below the sticky section bar, and on the screen.
      expect(box.y).toBeGreaterThanOrEqual(bar.y + bar.height - 1);
      expect(box.y + box.height).toBeLessThanOrEqual(768);
    });
  });

  it('says a table scrolls sideways on a phone, and the shadow goes once the last column is in view', async () => {
    const page = await open();
    await page.setViewportSize({ width: 390, height: 844 });
    await signInToShell(page, demoUser('supervisor'));
    await page.goto('/cases');
    const table = page.getByTestId('cases-table');
    await visible(table);
    await visible(page.getByTestId('cases-table-scroll-hint'));
    await visible(page.getByTestId('cases-table-more-right'));
    const region = page.getByRole('region', { name: tRu('cases.captionAll') });
    await region.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
    });
    await hidden(page.getByTestId('cases-table-more-right'));
  });
});
