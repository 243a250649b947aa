import { isIntakeOnScreen, ringsFor, secondsUntilEveryone, talkedSeconds, waitedSeconds } from './incoming-calls';

const NOW = Date.parse('2026-12-07T10:00:00Z');

describe('the live call panel', () => {
  it("knows when a call's intake is the page on screen", () => {
    const call = { contactId: 'c1' };
    expect(isIntakeOnScreen(call, { pathname: '/intake', search: '?contact=c1&call=x' })).toBe(true);
    expect(isIntakeOnScreen(call, { pathname: '/intake', search: '?contact=c2' })).toBe(false);
    expect(isIntakeOnScreen(call, { pathname: '/contacts', search: '?contact=c1' })).toBe(false);
    expect(isIntakeOnScreen({ contactId: null }, { pathname: '/intake', search: '' })).toBe(false);
  });

  it("rings for speakers of the call's language first, then for everyone", () => {
    const later = { language: 'kk', ringsEveryoneAt: '2026-12-07T10:00:20Z' };
    expect(ringsFor(later, ['kk', 'ru'], NOW)).toBe(true);
    expect(ringsFor(later, ['ru'], NOW)).toBe(false);
    expect(ringsFor(later, ['ru'], NOW + 20_000)).toBe(true);
    expect(ringsFor({ language: null, ringsEveryoneAt: null }, [], NOW)).toBe(true);
  });

  it('counts down to ringing for everyone only while speakers come first', () => {
    expect(secondsUntilEveryone({ language: 'kk', ringsEveryoneAt: '2026-12-07T10:00:20Z' }, NOW)).toBe(20);
    expect(secondsUntilEveryone({ language: 'kk', ringsEveryoneAt: '2026-12-07T10:00:00Z' }, NOW)).toBeNull();
    expect(secondsUntilEveryone({ language: null, ringsEveryoneAt: '2026-12-07T10:00:20Z' }, NOW)).toBeNull();
    expect(secondsUntilEveryone({ language: 'kk', ringsEveryoneAt: null }, NOW)).toBeNull();
  });

  it("adds the time since the list was read to the API's waiting time, else counts from the queue", () => {
    expect(waitedSeconds({ waitingSeconds: 30, queuedAt: null }, NOW + 5_000, NOW)).toBe(35);
    expect(waitedSeconds({ waitingSeconds: null, queuedAt: '2026-12-07T09:59:00Z' }, NOW, NOW)).toBe(60);
    expect(waitedSeconds({ waitingSeconds: null, queuedAt: null }, NOW, NOW)).toBe(0);
  });

  it('counts the talking time from the answer', () => {
    expect(talkedSeconds({ answeredAt: '2026-12-07T09:58:00Z' }, NOW)).toBe(120);
    expect(talkedSeconds({ answeredAt: null }, NOW)).toBe(0);
  });
});
