import { signedIn } from '../support/client';
import { consoleSuite, demoUser, eventually, signInToShell, visible } from '../support/console';

/**
 * The bell hears about a new alert through the event stream, long before its 30-second poll.
 * Replay after a reconnect (Last-Event-ID) is proven over HTTP in test/api/realtime.e2e-spec.ts.
 */
describe('Console live alerts (browser)', () => {
  const suite = consoleSuite();

  it('shows a supervisor a critical call within seconds of it being logged', async () => {
    const page = await suite.open();
    // The console's event stream answers with headers at once and then stays open.
    const streamOpen = page.waitForResponse((r) => r.url().endsWith('/api/v1/events') && r.status() === 200, { timeout: 15_000 });
    await signInToShell(page, demoUser('supervisor'));
    await streamOpen;
    const bell = page.getByTestId('alerts-bell');
    await visible(bell);
    const unread = async () => Number(await bell.getAttribute('data-unread'));
    const before = await unread();

    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const call = () =>
      operator.api.POST('/api/v1/contacts', {
        body: { channel: 'voice', riskLevel: 'high', category: 'trafficking_report', notes: 'Сообщает о запертых работниках' },
      });
    await call();
    // Well inside the 30 s poll: only the live event can explain it.
    await eventually(async () => expect(await unread()).toBe(before + 1), 8_000);
  });
});
