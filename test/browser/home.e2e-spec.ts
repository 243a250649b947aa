import { seriousAccessibilityFindings } from '../support/axe';
import { signedIn } from '../support/client';
import { atPath, consoleSuite, demoUser, DEMO_PARTNER_EMAIL, signInToShell, tabTo, textOf, tRu, visible } from '../support/console';

/** Each role's home is its work queue: what waits for this person now, every item opening its record. */
describe('Home: the work queue of each role (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  it('a case worker sees their open tasks, the soonest due first, and opens the case from one by keyboard', async () => {
    const caseWorker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    const created = (await caseWorker.api.POST('/api/v1/cases', { body: { type: 'labour_exploitation', summary: 'Домашняя очередь: дело с задачей' } })).data!;
    const due = new Date(suite.app.clock.nowMs() - 3600_000).toISOString();
    await caseWorker.api.POST('/api/v1/cases/{id}/tasks', {
      params: { path: { id: created.id } },
      body: { title: 'Позвонить в консульство Узбекистана', dueAt: due },
    });

    const page = await open();
    await signInToShell(page, demoUser('caseworker'));
    const tasks = page.getByTestId('queue-tasks');
    await visible(tasks);
    await textOf(tasks.getByRole('heading'), tRu('home.queue.tasks'));
    const first = tasks.getByTestId('queue-tasks-item').first();
    await textOf(first, 'Позвонить в консульство Узбекистана');
    await textOf(first, created.reference);
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);
    const link = first.getByRole('link', { name: 'Позвонить в консульство Узбекистана' });
    await tabTo(page, link, 80);
    await page.keyboard.press('Enter');
    await atPath(page, `/cases/${created.id}`);
  });

  it('an operator sees their unfinished contacts and unanswered conversations', async () => {
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const contact = (await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', category: 'missing_person' } })).data!;
    const page = await open();
    await signInToShell(page, demoUser('operator'));
    const contacts = page.getByTestId('queue-contacts');
    await visible(contacts);
    await visible(page.getByTestId('queue-conversations'));
    const link = contacts.locator(`a[href="/contacts/${contact.id}"]`);
    await visible(link);
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);
    await link.focus();
    await page.keyboard.press('Enter');
    await atPath(page, `/contacts/${contact.id}`);
  });

  it('a supervisor sees the line now and the unread alerts, and a partner the referrals waiting for an answer', async () => {
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    // A critical contact alerts the office's supervisors.
    await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', category: 'trafficking_report', riskLevel: 'immediate_danger' } });
    const page = await open();
    await signInToShell(page, demoUser('supervisor'));
    await visible(page.getByTestId('line-now'));
    const alerts = page.getByTestId('queue-alerts');
    await textOf(alerts.getByTestId('queue-alerts-item').first(), tRu('alerts.kinds.critical_contact'));
    expect(await seriousAccessibilityFindings(page, 'main')).toEqual([]);

    const partner = await open();
    await signInToShell(partner, DEMO_PARTNER_EMAIL);
    await visible(partner.getByTestId('queue-partner'));
    await textOf(partner.getByTestId('queue-partner').getByRole('heading'), tRu('home.queue.partner'));
    expect(await seriousAccessibilityFindings(partner, 'main')).toEqual([]);
  });
});
