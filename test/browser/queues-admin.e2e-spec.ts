import type { Page } from 'playwright-core';
import { JobQueue } from '#api/core/queue/job-queue.port';
import { QueueName } from '#api/core/queue/queue-names';
import { atPath, demoUser, eventually, signInToShell, textOf, tRu, visible, consoleSuite } from '../support/console';

const METRICS_TOKEN = 'metrics-token-for-browser-tests-0123456789';
const BOARD_PATH = '/api/v1/admin/queues/board/';

/** The Queues screen as an administrator: its metrics figures, and bull-board opened from it. */
describe('Console queues administration (browser)', () => {
  const suite = consoleSuite({ METRICS_TOKEN });

  async function openQueuesScreen(): Promise<Page> {
    const page = await suite.open();
    await signInToShell(page, demoUser('admin'));
    await page.getByTestId('nav-queues').click();
    await atPath(page, '/admin/queues');
    await textOf(page.getByRole('heading', { level: 1 }), tRu('queues.title'));
    return page;
  }

  it('shows the key metrics and where Prometheus scrapes them', async () => {
    const page = await openQueuesScreen();
    const summary = page.getByTestId('metrics-summary');
    await visible(summary.getByRole('heading', { name: tRu('queues.metrics.title') }));
    for (const testId of ['metrics-calls-waiting', 'metrics-callbacks-due', 'metrics-callbacks-overdue', 'metrics-sse']) {
      await visible(summary.getByTestId(testId));
      expect(await summary.getByTestId(testId).getAttribute('data-value')).toMatch(/^\d+$/);
    }
    await visible(summary.getByText(tRu('queues.metrics.callsWaiting'), { exact: true }));
    await textOf(summary.getByTestId('metrics-endpoints'), tRu('queues.metrics.apiPath', { path: '/api/metrics' }));
  });

  it('opens bull-board in a new tab, which runs under the API’s CSP and pauses a queue with the session’s CSRF token, audited', async () => {
    const page = await openQueuesScreen();
    const link = page.getByRole('link', { name: tRu('queues.openBoardLabel') });
    await visible(link);
    expect(await link.getAttribute('href')).toBe(BOARD_PATH);
    expect(await link.getAttribute('target')).toBe('_blank');

    const cspViolations: string[] = [];
    page
      .context()
      .on('page', (opened) => opened.on('console', (message) => /Content Security Policy/i.test(message.text()) && cspViolations.push(message.text())));
    const [board] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await board.waitForLoadState('load');
    expect(new URL(board.url()).pathname).toBe(BOARD_PATH);
    await visible(board.getByRole('link', { name: QueueName.Maintenance }).first());
    await visible(board.getByRole('link', { name: QueueName.Callbacks }).first());

    await board.getByRole('link', { name: QueueName.Maintenance }).first().click();
    await eventually(() => expect(new URL(board.url()).pathname).toBe(`${BOARD_PATH}queue/${QueueName.Maintenance}`));
    // The queue's own actions menu comes after the board's links menu once the queue page has rendered.
    const menus = board.locator('button[aria-haspopup=menu]');
    await eventually(async () => expect(await menus.count()).toBeGreaterThanOrEqual(2));
    await menus.last().click();
    await board.getByRole('menuitem', { name: 'Пауза' }).click();
    const confirm = board.getByRole('alertdialog');
    await visible(confirm);
    const paused = board.waitForResponse(
      (response) => response.request().method() === 'PUT' && response.url().endsWith(`/queues/${QueueName.Maintenance}/pause`),
    );
    await confirm.getByRole('button', { name: 'Подтвердить' }).click();
    // axios copied the XSRF-TOKEN cookie into X-XSRF-TOKEN; the API checked it against the session.
    const answer = await paused;
    expect(answer.request().headers()['x-xsrf-token']).toEqual(expect.any(String));
    expect(answer.status()).toBeLessThan(300);

    const jobQueue = suite.app.app.get(JobQueue);
    await eventually(async () => expect((await jobQueue.health()).find((q) => q.name === QueueName.Maintenance)!.isPaused).toBe(true));
    const [audit] = await suite.app.db.query<{ actor_email: string; entity_id: string; summary: { operation: string } }>(
      `SELECT actor_email, entity_id, summary FROM audit_log WHERE action = 'queues.board_action'`,
    );
    expect(audit).toMatchObject({ actor_email: demoUser('admin'), entity_id: QueueName.Maintenance, summary: { operation: 'pause' } });
    // The only thing the policy blocks is the web font bull-board asks Google for (docs/operations.md): no script, no inline code.
    expect(cspViolations.filter((text) => !text.includes('https://fonts.googleapis.com/'))).toEqual([]);
  });
});
