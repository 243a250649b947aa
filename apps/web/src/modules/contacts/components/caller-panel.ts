/** What the caller panel shows: a prompt for the number, the lookup under way or failed, a withheld caller, or what was found. */
export type CallerPanelView = 'enterPhone' | 'loading' | 'error' | 'withheld' | 'found';

interface LookupState {
  /** A valid number was typed, or the contact came from a live call (looked up through the call). */
  lookingUp: boolean;
  isPending: boolean;
  isError: boolean;
  found: boolean;
}

export function callerPanelView({ lookingUp, isPending, isError, found }: LookupState): CallerPanelView {
  if (!lookingUp) return 'enterPhone';
  if (isPending) return 'loading';
  if (isError) return 'error';
  return found ? 'found' : 'withheld';
}

/** The caller's people, cases and earlier contacts, without the contact being logged now. */
export function callerHistory<Contact extends { id: string }, Person, Case>(
  data: { contacts: Contact[]; people: Person[]; cases: Case[] } | undefined,
  currentId: string | null,
) {
  const earlier = data?.contacts.filter((contact) => contact.id !== currentId) ?? [];
  const people = data?.people ?? [];
  const cases = data?.cases ?? [];
  return { earlier, people, cases, firstTime: !earlier.length && !people.length && !cases.length };
}

/** Which "this is the caller" / "link here" button is busy. */
export const personLinkKey = (personId: string) => `person:${personId}`;
export const caseLinkKey = (caseId: string) => `case:${caseId}`;
