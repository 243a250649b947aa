import { callerHistory, callerPanelView, caseLinkKey, personLinkKey } from './caller-panel';

const history = (contacts: string[], people: string[] = [], cases: string[] = []) => ({
  contacts: contacts.map((id) => ({ id })),
  people: people.map((id) => ({ id })),
  cases: cases.map((id) => ({ id })),
});

describe('the caller panel', () => {
  it('asks for the number until there is one (or a call), then shows the lookup as it goes', () => {
    const state = { lookingUp: true, isPending: false, isError: false, found: true };
    expect(callerPanelView({ ...state, lookingUp: false, isPending: true })).toBe('enterPhone');
    expect(callerPanelView({ ...state, isPending: true, isError: true })).toBe('loading');
    expect(callerPanelView({ ...state, isError: true })).toBe('error');
    expect(callerPanelView({ ...state, found: false })).toBe('withheld');
    expect(callerPanelView(state)).toBe('found');
  });

  it('leaves the contact being logged out of the earlier contacts', () => {
    const { earlier, people, cases, firstTime } = callerHistory(history(['c1', 'now', 'c2'], ['p1'], ['k1']), 'now');
    expect(earlier.map((contact) => contact.id)).toEqual(['c1', 'c2']);
    expect(people).toEqual([{ id: 'p1' }]);
    expect(cases).toEqual([{ id: 'k1' }]);
    expect(firstTime).toBe(false);
  });

  it('calls it a first call when nothing but the current contact is known', () => {
    expect(callerHistory(history(['now']), 'now').firstTime).toBe(true);
    expect(callerHistory(history([], ['p1']), null).firstTime).toBe(false);
    expect(callerHistory(undefined, null)).toEqual({ earlier: [], people: [], cases: [], firstTime: true });
  });

  it('tells the busy buttons apart by what they link', () => {
    expect(personLinkKey('x')).toBe('person:x');
    expect(caseLinkKey('x')).toBe('case:x');
    expect(personLinkKey('x')).not.toBe(caseLinkKey('x'));
  });
});
