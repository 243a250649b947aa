import { ApiError } from '../api/errors';
import type { IntakeDraft } from './draft-store';
import { AUTOSAVE_DELAY_MS, IntakeSession, type IntakeContactsApi, type IntakeTimers } from './intake-session';
import { INTAKE_DEFAULTS, type ContactDto } from './types';

const CONTACT_ID = 'c0ffee00-0000-4000-8000-000000000001';
const OTHER_CONTACT_ID = 'c0ffee00-0000-4000-8000-000000000002';
const CASE_ID = 'ca5e0000-0000-4000-8000-000000000001';
const NOW = new Date('2026-03-01T10:00:00.000Z');

/** The server's copy of a contact, as the API answers it. */
function contact(overrides: Partial<ContactDto> = {}): ContactDto {
  return {
    id: CONTACT_ID,
    version: 1,
    status: 'in_progress',
    channel: 'voice',
    direction: 'inbound',
    language: null,
    callerType: null,
    category: null,
    riskLevel: 'none',
    critical: false,
    consentToRecord: null,
    consentToRefer: null,
    consentToContactBack: null,
    safeContactTimes: null,
    safeContactMethod: null,
    notes: '',
    phone: null,
    caseId: null,
    caseReference: null,
    startedAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    officeId: 'office-1',
    ...overrides,
  } as ContactDto;
}

/** Timers that run only when the test says so. */
class ManualTimers implements IntakeTimers {
  private next = 1;
  readonly pending = new Map<number, { run: () => void; delayMs: number }>();
  set(run: () => void, delayMs: number) {
    const handle = this.next++;
    this.pending.set(handle, { run, delayMs });
    return handle;
  }
  clear(handle: unknown) {
    this.pending.delete(handle as number);
  }
  delays() {
    return [...this.pending.values()].map((t) => t.delayMs);
  }
  fire() {
    const timers = [...this.pending.values()];
    this.pending.clear();
    for (const t of timers) t.run();
  }
}

/** A promise the test resolves or rejects when it chooses. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Every API method fails the test unless the test sets it up. */
function strictContacts(): jest.Mocked<IntakeContactsApi> {
  const unexpected = (name: string) =>
    jest.fn(async () => {
      throw new Error(`unexpected contactsApi.${name}`);
    });
  return {
    create: unexpected('create'),
    get: unexpected('get'),
    update: unexpected('update'),
    complete: unexpected('complete'),
    linkCase: unexpected('linkCase'),
    openCase: unexpected('openCase'),
  } as unknown as jest.Mocked<IntakeContactsApi>;
}

function setup(options: { restored?: IntakeDraft | null; pendingContactId?: string | null } = {}) {
  const contacts = strictContacts();
  const timers = new ManualTimers();
  const drafts = { write: jest.fn(), clear: jest.fn() };
  const onListsChanged = jest.fn();
  const session = new IntakeSession({ contacts, drafts, now: () => NOW, onListsChanged, timers }, options.restored ?? null, options.pendingContactId ?? null);
  const lastDraft = (): IntakeDraft | undefined => drafts.write.mock.calls.at(-1)?.[0];
  /** Lets the autosave timer fire and waits for the queue. */
  const autosave = async () => {
    timers.fire();
    await session.whenIdle();
  };
  return { session, contacts, timers, drafts, onListsChanged, lastDraft, autosave, view: () => session.getSnapshot() };
}

function draft(overrides: Partial<IntakeDraft> = {}): IntakeDraft {
  return {
    values: { ...INTAKE_DEFAULTS, notes: 'Паспорт забрали' },
    contactId: CONTACT_ID,
    version: 3,
    startedAt: NOW.toISOString(),
    savedAt: '2026-03-01T09:59:00.000Z',
    unsaved: true,
    caseId: null,
    caseReference: null,
    callId: null,
    ...overrides,
  };
}

describe('IntakeSession', () => {
  describe('a new contact', () => {
    it('starts as an empty form with nothing to save', () => {
      const { session, view } = setup();
      session.start();
      expect(view()).toMatchObject({ values: INTAKE_DEFAULTS, contactId: null, saveState: 'idle', notice: null, loading: false, released: null });
    });

    it('keeps every edit in the draft and waits for typing to stop before creating the contact', async () => {
      const { session, contacts, timers, lastDraft, autosave, view } = setup();
      session.change({ notes: 'Работодатель' });
      session.change({ phone: '+7 705 111 22 33' });
      expect(view().saveState).toBe('pending');
      expect(lastDraft()).toMatchObject({
        values: { notes: 'Работодатель', phone: '+7 705 111 22 33' },
        contactId: null,
        unsaved: true,
        startedAt: NOW.toISOString(),
      });
      expect(timers.delays()).toEqual([AUTOSAVE_DELAY_MS]);
      expect(contacts.create).not.toHaveBeenCalled();

      contacts.create.mockResolvedValue(contact({ notes: 'Работодатель', phone: '+77051112233' }));
      await autosave();

      expect(contacts.create).toHaveBeenCalledTimes(1);
      expect(contacts.create).toHaveBeenCalledWith(
        expect.objectContaining({ notes: 'Работодатель', phone: '+7 705 111 22 33', channel: 'voice', startedAt: NOW.toISOString() }),
      );
      expect(view()).toMatchObject({ contactId: CONTACT_ID, saveState: 'saved', savedAt: NOW.toISOString(), saveError: null });
      expect(lastDraft()).toMatchObject({ contactId: CONTACT_ID, version: 1, unsaved: false });
    });

    it('leaves a half-typed number out of the save', async () => {
      const { session, contacts, autosave } = setup();
      session.change({ phone: '+7 70', notes: 'звонит соседка' });
      contacts.create.mockResolvedValue(contact());
      await autosave();
      expect(contacts.create.mock.calls[0][0]).not.toHaveProperty('phone');
    });

    it('saves a high risk level at once', () => {
      const { session, timers } = setup();
      session.change({ notes: 'x' });
      session.change({ riskLevel: 'high' });
      expect(timers.delays()).toEqual([0]);
    });

    it('creates nothing when the form holds only blanks, and drops the draft', async () => {
      const { session, contacts, drafts, autosave, view } = setup();
      session.change({ notes: '   ' });
      expect(drafts.clear).toHaveBeenCalled();
      await autosave();
      expect(contacts.create).not.toHaveBeenCalled();
      expect(view().saveState).toBe('idle');
    });

    it('creates the contact on Save even when nothing was typed, and refreshes the lists', async () => {
      const { session, contacts, onListsChanged, view } = setup();
      contacts.create.mockResolvedValue(contact());
      await expect(session.saveNow()).resolves.toMatchObject({ id: CONTACT_ID });
      expect(contacts.create).toHaveBeenCalledWith(expect.not.objectContaining({ startedAt: expect.anything() }));
      expect(view().saveState).toBe('saved');
      expect(onListsChanged).toHaveBeenCalledTimes(1);
    });
  });

  describe('autosave of an existing contact', () => {
    async function created() {
      const ctx = setup();
      ctx.session.change({ notes: 'first' });
      ctx.contacts.create.mockResolvedValue(contact({ version: 1 }));
      await ctx.autosave();
      return ctx;
    }

    it('patches with the version the server last returned', async () => {
      const { session, contacts, autosave, view } = await created();
      session.change({ notes: 'second' });
      contacts.update.mockResolvedValue(contact({ version: 2, notes: 'second' }));
      await autosave();
      expect(contacts.update).toHaveBeenCalledWith(CONTACT_ID, expect.objectContaining({ notes: 'second', version: 1 }));
      session.change({ notes: 'third' });
      contacts.update.mockResolvedValue(contact({ version: 3, notes: 'third' }));
      await autosave();
      expect(contacts.update).toHaveBeenLastCalledWith(CONTACT_ID, expect.objectContaining({ notes: 'third', version: 2 }));
      expect(view().saveState).toBe('saved');
    });

    it('does not save again what the server already has', async () => {
      const { session, contacts } = await created();
      await session.saveNow();
      expect(contacts.update).not.toHaveBeenCalled();
      expect(contacts.create).toHaveBeenCalledTimes(1);
    });

    it("on a stale version (409) takes the server's version and keeps what was typed", async () => {
      const { session, contacts, autosave, view } = await created();
      session.change({ notes: 'mine' });
      contacts.update.mockRejectedValueOnce(new ApiError(409, { code: 'version_conflict' } as never));
      contacts.get.mockResolvedValue(contact({ version: 7, notes: 'supervisor' }));
      contacts.update.mockResolvedValueOnce(contact({ version: 8, notes: 'mine' }));
      await autosave();
      expect(contacts.update).toHaveBeenLastCalledWith(CONTACT_ID, expect.objectContaining({ notes: 'mine', version: 7 }));
      expect(view()).toMatchObject({ saveState: 'saved', values: { notes: 'mine' } });
    });

    it('creates the contact anew when it is gone (404)', async () => {
      const { session, contacts, autosave, view } = await created();
      session.change({ notes: 'again' });
      contacts.update.mockRejectedValueOnce(new ApiError(404, null));
      contacts.create.mockResolvedValueOnce(contact({ id: OTHER_CONTACT_ID, notes: 'again' }));
      await autosave();
      expect(contacts.create).toHaveBeenCalledTimes(2);
      expect(view()).toMatchObject({ contactId: OTHER_CONTACT_ID, saveState: 'saved' });
    });

    it('shows the error of a contact completed elsewhere and keeps the edit unsaved', async () => {
      const { session, contacts, autosave, view } = await created();
      session.change({ notes: 'late' });
      const completed = new ApiError(409, { code: 'contact_completed' } as never);
      contacts.update.mockRejectedValueOnce(completed);
      await autosave();
      expect(contacts.get).not.toHaveBeenCalled();
      expect(view()).toMatchObject({ saveState: 'error', saveError: completed, values: { notes: 'late' } });
    });

    it('stays pending when the operator typed while a save was on its way', async () => {
      const { session, contacts, timers, lastDraft, view } = await created();
      session.change({ notes: 'one' });
      const answer = deferred<ContactDto>();
      contacts.update.mockReturnValueOnce(answer.promise);
      timers.fire();
      await Promise.resolve();
      expect(view().saveState).toBe('saving');
      session.change({ notes: 'two' });
      answer.resolve(contact({ version: 2, notes: 'one' }));
      await session.whenIdle();
      expect(view().saveState).toBe('pending');
      expect(lastDraft()).toMatchObject({ unsaved: true, values: { notes: 'two' } });
    });
  });

  describe('a restored draft', () => {
    it('says it was restored and reads the contact before pushing what was not saved', async () => {
      const { session, contacts, view } = setup({ restored: draft() });
      expect(view()).toMatchObject({ notice: 'restored', saveState: 'pending', contactId: CONTACT_ID, savedAt: '2026-03-01T09:59:00.000Z' });
      contacts.get.mockResolvedValue(contact({ version: 5 }));
      contacts.update.mockResolvedValue(contact({ version: 6, notes: 'Паспорт забрали' }));
      session.start();
      session.start();
      await session.whenIdle();
      expect(contacts.get).toHaveBeenCalledTimes(1);
      expect(contacts.update).toHaveBeenCalledWith(CONTACT_ID, expect.objectContaining({ notes: 'Паспорт забрали', version: 5 }));
      expect(view().saveState).toBe('saved');
    });

    it('is dropped, saying so, when its contact was completed meanwhile', async () => {
      const { session, contacts, drafts, view } = setup({ restored: draft({ unsaved: false }) });
      contacts.get.mockResolvedValue(contact({ status: 'completed' }));
      session.start();
      await session.whenIdle();
      expect(drafts.clear).toHaveBeenCalled();
      expect(view()).toMatchObject({ notice: 'completedElsewhere', values: INTAKE_DEFAULTS, contactId: null });
    });

    it('creates the contact again when it is gone', async () => {
      const { session, contacts, view } = setup({ restored: draft() });
      contacts.get.mockRejectedValue(new ApiError(404, null));
      contacts.create.mockResolvedValue(contact({ id: OTHER_CONTACT_ID }));
      session.start();
      await session.whenIdle();
      expect(contacts.create).toHaveBeenCalledWith(expect.objectContaining({ notes: 'Паспорт забрали', startedAt: NOW.toISOString() }));
      expect(view().contactId).toBe(OTHER_CONTACT_ID);
    });

    it('without a contact yet is saved at once', async () => {
      const { session, contacts, view } = setup({ restored: draft({ contactId: null, version: null, savedAt: null }) });
      expect(view().notice).toBe('restored');
      contacts.create.mockResolvedValue(contact());
      session.start();
      await session.whenIdle();
      expect(contacts.create).toHaveBeenCalledTimes(1);
    });

    it('is not announced when another contact is to be continued', () => {
      const { view } = setup({ restored: draft(), pendingContactId: OTHER_CONTACT_ID });
      expect(view()).toMatchObject({ notice: null, loading: true });
    });
  });

  describe('continuing another contact', () => {
    it('saves what the form held, then shows the contact read from the server with its call', async () => {
      const { session, contacts, lastDraft, view } = setup({ pendingContactId: OTHER_CONTACT_ID });
      session.change({ notes: 'before the call' });
      contacts.create.mockResolvedValue(contact());
      contacts.get.mockResolvedValue(
        contact({ id: OTHER_CONTACT_ID, version: 4, notes: 'from the line', phone: '+77051112233', updatedAt: '2026-03-01T09:00:00.000Z' }),
      );
      await session.loadContact(OTHER_CONTACT_ID, 'call-1');
      expect(contacts.create).toHaveBeenCalledWith(expect.objectContaining({ notes: 'before the call' }));
      expect(view()).toMatchObject({
        contactId: OTHER_CONTACT_ID,
        callId: 'call-1',
        loading: false,
        savedAt: '2026-03-01T09:00:00.000Z',
        values: { notes: 'from the line', phone: '+77051112233' },
        saveState: 'saved',
      });
      expect(lastDraft()).toMatchObject({ contactId: OTHER_CONTACT_ID, version: 4, callId: 'call-1' });
    });

    it('says so when that contact is already completed', async () => {
      const { session, contacts, view } = setup({ pendingContactId: OTHER_CONTACT_ID });
      contacts.get.mockResolvedValue(contact({ id: OTHER_CONTACT_ID, status: 'completed' }));
      await session.loadContact(OTHER_CONTACT_ID, null);
      expect(view()).toMatchObject({ notice: 'completedElsewhere', contactId: null, loading: false });
    });

    it('shows the error when it cannot be read', async () => {
      const { session, contacts, view } = setup({ pendingContactId: OTHER_CONTACT_ID });
      const failure = new ApiError(403, null);
      contacts.get.mockRejectedValue(failure);
      await session.loadContact(OTHER_CONTACT_ID, null);
      expect(view()).toMatchObject({ loadError: failure, loading: false });
    });

    it('only remembers the call when it is the contact already on the form', async () => {
      const { session, contacts, view } = setup({ restored: draft({ unsaved: false }), pendingContactId: CONTACT_ID });
      await session.loadContact(CONTACT_ID, 'call-2');
      expect(contacts.get).not.toHaveBeenCalled();
      expect(view()).toMatchObject({ callId: 'call-2', loading: false, notice: 'restored' });
    });
  });

  describe('calls and hand-over', () => {
    it('remembers the live call in the draft', () => {
      const { session, lastDraft, view } = setup();
      session.change({ notes: 'x' });
      session.attachCall('call-9');
      expect(view().callId).toBe('call-9');
      expect(lastDraft()).toMatchObject({ callId: 'call-9' });
    });

    it('once released saves nothing more, drops the draft and ignores edits', async () => {
      const { session, contacts, timers, drafts, view } = setup();
      session.change({ notes: 'typed' });
      session.release({ kind: 'handed', to: 'Айгерим' });
      expect(timers.pending.size).toBe(0);
      expect(drafts.clear).toHaveBeenCalled();
      expect(view()).toMatchObject({ released: { kind: 'handed', to: 'Айгерим' }, saveState: 'idle' });
      session.change({ notes: 'more' });
      expect(view().values.notes).toBe('typed');
      await expect(session.saveNow()).resolves.toBeNull();
      expect(contacts.create).not.toHaveBeenCalled();
    });
  });

  describe('open a case, link, complete, start new', () => {
    it('opens a case after saving, with the saved version, and shows the link', async () => {
      const { session, contacts, onListsChanged, view } = setup();
      session.change({ notes: 'x', category: 'trafficking' as never });
      contacts.create.mockResolvedValue(contact({ version: 1 }));
      contacts.openCase.mockResolvedValue({
        contact: contact({ version: 2, caseId: CASE_ID, caseReference: 'TR-2026-0001' }),
        case: { id: CASE_ID, reference: 'TR-2026-0001' },
      } as never);
      await expect(session.openCase({ type: 'trafficking', priority: 'normal' } as never)).resolves.toMatchObject({ reference: 'TR-2026-0001' });
      expect(contacts.openCase).toHaveBeenCalledWith(CONTACT_ID, expect.objectContaining({ version: 1 }));
      expect(view().caseLink).toEqual({ id: CASE_ID, reference: 'TR-2026-0001' });
      expect(onListsChanged).toHaveBeenCalled();
    });

    it('links an existing case and a known person', async () => {
      const { session, contacts, view } = setup({ restored: draft({ unsaved: false, version: 3 }) });
      contacts.linkCase.mockResolvedValue(contact({ version: 4, caseId: CASE_ID, caseReference: 'TR-1' }));
      contacts.update.mockResolvedValue(contact({ version: 5, caseId: CASE_ID, caseReference: 'TR-1' }));
      contacts.get.mockResolvedValue(contact({ version: 3 }));
      session.start();
      await session.linkCase(CASE_ID);
      expect(contacts.linkCase).toHaveBeenCalledWith(CONTACT_ID, 3, CASE_ID);
      await session.linkPerson('person-1');
      expect(contacts.update).toHaveBeenCalledWith(CONTACT_ID, { personId: 'person-1', version: 4 });
      expect(view().caseLink).toEqual({ id: CASE_ID, reference: 'TR-1' });
    });

    it('completes after the last edits are saved, then starts an empty form', async () => {
      const { session, contacts, drafts, onListsChanged, view } = setup();
      session.change({ notes: 'done', category: 'information' as never });
      contacts.create.mockResolvedValue(contact({ version: 1 }));
      contacts.complete.mockResolvedValue(contact({ version: 2, status: 'completed' }));
      await session.complete();
      expect(contacts.complete).toHaveBeenCalledWith(CONTACT_ID, 1);
      expect(contacts.create.mock.invocationCallOrder[0]).toBeLessThan(contacts.complete.mock.invocationCallOrder[0]);
      expect(drafts.clear).toHaveBeenCalled();
      expect(onListsChanged).toHaveBeenCalled();
      expect(view()).toMatchObject({ values: INTAKE_DEFAULTS, contactId: null, saveState: 'idle', caseLink: null });
    });

    it('keeps the form when completing fails', async () => {
      const { session, contacts, view } = setup();
      session.change({ notes: 'no category' });
      contacts.create.mockResolvedValue(contact());
      contacts.complete.mockRejectedValue(new ApiError(400, { code: 'validation_failed' } as never));
      await expect(session.complete()).rejects.toBeInstanceOf(ApiError);
      expect(view()).toMatchObject({ contactId: CONTACT_ID, values: { notes: 'no category' } });
    });

    it('a new contact saves the current one first and leaves it in progress', async () => {
      const { session, contacts, onListsChanged, view } = setup();
      session.change({ notes: 'first call' });
      contacts.create.mockResolvedValue(contact());
      await session.startNew();
      expect(contacts.create).toHaveBeenCalledTimes(1);
      expect(contacts.complete).not.toHaveBeenCalled();
      expect(onListsChanged).toHaveBeenCalled();
      expect(view()).toMatchObject({ values: INTAKE_DEFAULTS, contactId: null });
    });

    it('ignores an answer that arrives after the form was reset', async () => {
      const { session, contacts, timers, view } = setup();
      session.change({ notes: 'old' });
      const answer = deferred<ContactDto>();
      contacts.create.mockReturnValueOnce(answer.promise);
      timers.fire();
      await Promise.resolve();
      session.reset();
      answer.resolve(contact());
      await session.whenIdle();
      expect(view()).toMatchObject({ contactId: null, saveState: 'idle', contact: null });
    });

    it('runs server calls one after another, in the order asked', async () => {
      const { session, contacts } = setup();
      session.change({ notes: 'x' });
      const created = deferred<ContactDto>();
      contacts.create.mockReturnValueOnce(created.promise);
      contacts.complete.mockResolvedValue(contact({ status: 'completed' }));
      const saving = session.saveNow();
      const completing = session.complete();
      await Promise.resolve();
      expect(contacts.complete).not.toHaveBeenCalled();
      created.resolve(contact());
      await Promise.all([saving, completing]);
      expect(contacts.complete).toHaveBeenCalledWith(CONTACT_ID, 1);
    });
  });

  describe('leaving the screen', () => {
    it('pushes an edit still waiting for its autosave', async () => {
      const { session, contacts, timers } = setup();
      session.change({ notes: 'just typed' });
      contacts.create.mockResolvedValue(contact());
      session.leave();
      expect(timers.pending.size).toBe(0);
      await session.whenIdle();
      expect(contacts.create).toHaveBeenCalledTimes(1);
    });

    it('does nothing when nothing waits', async () => {
      const { session, contacts } = setup();
      session.leave();
      await session.whenIdle();
      expect(contacts.create).not.toHaveBeenCalled();
    });
  });

  it('tells subscribers of every change until they unsubscribe', () => {
    const { session } = setup();
    const listener = jest.fn();
    const unsubscribe = session.subscribe(listener);
    const before = session.getSnapshot();
    session.change({ notes: 'a' });
    expect(listener).toHaveBeenCalled();
    expect(session.getSnapshot()).not.toBe(before);
    unsubscribe();
    listener.mockClear();
    session.dismissNotice();
    expect(listener).not.toHaveBeenCalled();
  });
});
