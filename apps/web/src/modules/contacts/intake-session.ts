import type { CaseSummaryDto } from '@mayak/api-client';
import { isCriticalRisk, normalisePhone } from '@mayak/domain';
import { ApiError } from '../api/errors';
import type { contactsApi } from './api';
import type { IntakeDraft } from './draft-store';
import { contactFields, INTAKE_DEFAULTS, isMeaningful, valuesOfContact, type ContactDto, type IntakeValues, type OpenCaseBody } from './types';

/** Autosave waits this long after the last keystroke ("a few seconds after typing stops"). */
export const AUTOSAVE_DELAY_MS = 2000;

/**
 * Where the form stands with the server:
 * - `idle`: nothing to save (an empty form, or released with unsaved edits);
 * - `pending`: edited since the last save, autosave waiting for typing to stop;
 * - `saving`: a create or update is on its way;
 * - `saved`: the server has every edit;
 * - `error`: the last save failed (`saveError` says why); the next edit or save tries again.
 */
export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';
export type IntakeNotice = 'restored' | 'completedElsewhere' | null;
/** Why this console no longer edits the contact: the call went to a colleague, or back to the queue. */
export type IntakeRelease = { kind: 'handed'; to: string } | { kind: 'requeued' } | null;
export type CaseLink = { id: string; reference: string | null };

/** What the screen shows: replaced (never mutated) on every change, so it can be compared by identity. */
export interface IntakeSnapshot {
  values: IntakeValues;
  contact: ContactDto | null;
  contactId: string | null;
  caseLink: CaseLink | null;
  saveState: SaveState;
  savedAt: string | null;
  saveError: unknown;
  notice: IntakeNotice;
  callId: string | null;
  /** Another contact (an answered call) is being read; the form waits for it. */
  loading: boolean;
  loadError: unknown;
  released: IntakeRelease;
}

export type IntakeContactsApi = Pick<typeof contactsApi, 'create' | 'get' | 'update' | 'complete' | 'linkCase' | 'openCase'>;

export interface IntakeTimers {
  set(run: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

export interface IntakeSessionDeps {
  contacts: IntakeContactsApi;
  /** The user's local draft (sealed by intake-draft.ts). */
  drafts: { write(draft: IntakeDraft): unknown; clear(): void };
  /** The console's clock. */
  now: () => Date;
  /** Contacts, cases, callers or presence may read differently now. */
  onListsChanged: () => void;
  timers?: IntakeTimers;
}

/** The working copy behind the snapshot: what the next save sends and the draft keeps. */
interface WorkingCopy {
  values: IntakeValues;
  contactId: string | null;
  version: number | null;
  contact: ContactDto | null;
  startedAt: string | null;
  savedAt: string | null;
  caseId: string | null;
  caseReference: string | null;
  callId: string | null;
  /** The contact is no longer this user's (handed over): nothing more is saved from here. */
  released: boolean;
  /** Bumped on every edit; `savedSeq` is the edit the server has. */
  changeSeq: number;
  savedSeq: number;
  /** Bumped by reset(): answers for an earlier contact are then ignored. */
  generation: number;
  chain: Promise<unknown>;
  timer: unknown;
}

export function phoneOf(values: IntakeValues) {
  const phone = values.phone.trim();
  if (!phone) return { valid: false, empty: true, e164: null as string | null };
  const normalised = normalisePhone(phone);
  return { valid: normalised.ok, empty: false, e164: normalised.ok ? normalised.e164 : null };
}

const browserTimers: IntakeTimers = {
  set: (run, delayMs) => setTimeout(run, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const EMPTY_COPY = {
  values: INTAKE_DEFAULTS,
  contactId: null,
  version: null,
  contact: null,
  startedAt: null,
  savedAt: null,
  caseId: null,
  caseReference: null,
  callId: null,
  released: false,
  changeSeq: 0,
  savedSeq: 0,
} as const;

/**
 * One live call's contact, without React: form values, the server copy, autosave and the local draft.
 *
 * The contact is created on the first meaningful input (or an explicit save), then patched
 * a few seconds after typing stops with the version the server last returned; a high-risk
 * level is saved at once. A stale version (409, someone else saved) takes the server's
 * version and keeps what the operator typed; a contact that is gone (404) is created anew.
 * Every call to the server goes through one queue, so a save, "open a case" and "complete"
 * never overtake each other. Every edit is also written to the local draft, so a closed or
 * crashed page brings the call back (with its contact id); a session started from such a
 * draft reads the contact first (`start()`) and then pushes what was not saved.
 *
 * Lifecycle: loading (another contact is read) -> editing -> released (handed over: read-only,
 * nothing saved, no draft) or back to an empty form (`reset`, after completing or starting new).
 * The save state is described at `SaveState`.
 */
export class IntakeSession {
  private snapshot: IntakeSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly copy: WorkingCopy;
  private readonly timers: IntakeTimers;
  private started = false;

  constructor(
    private readonly deps: IntakeSessionDeps,
    /** The draft this session starts from (already decrypted). */
    private readonly initial: IntakeDraft | null = null,
    /** A contact to continue that `loadContact` will read (`/intake?contact=<id>`). */
    private readonly pendingContactId: string | null = null,
  ) {
    this.timers = deps.timers ?? browserTimers;
    this.copy = {
      values: initial?.values ?? INTAKE_DEFAULTS,
      contactId: initial?.contactId ?? null,
      version: initial?.version ?? null,
      contact: null,
      startedAt: initial?.startedAt ?? null,
      savedAt: initial?.savedAt ?? null,
      caseId: initial?.caseId ?? null,
      caseReference: initial?.caseReference ?? null,
      callId: initial?.callId ?? null,
      released: false,
      changeSeq: initial?.unsaved ? 1 : 0,
      savedSeq: 0,
      generation: 0,
      chain: Promise.resolve(),
      timer: null,
    };
    this.snapshot = {
      values: initial?.values ?? INTAKE_DEFAULTS,
      contact: null,
      contactId: initial?.contactId ?? null,
      caseLink: initial?.caseId ? { id: initial.caseId, reference: initial.caseReference } : null,
      saveState: initial ? (initial.unsaved ? 'pending' : initial.savedAt ? 'saved' : 'idle') : 'idle',
      savedAt: initial?.savedAt ?? null,
      saveError: null,
      notice:
        initial && (initial.contactId || isMeaningful(initial.values)) && (!pendingContactId || pendingContactId === initial.contactId) ? 'restored' : null,
      callId: initial?.callId ?? null,
      loading: !!pendingContactId && pendingContactId !== initial?.contactId,
      loadError: null,
      released: null,
    };
  }

  readonly getSnapshot = (): IntakeSnapshot => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Resolves once every server call queued so far has finished. */
  whenIdle(): Promise<unknown> {
    return this.copy.chain;
  }

  /**
   * A restored draft: reads the contact's current version first (queued before any save),
   * then pushes what was typed but not yet saved. Runs once; later calls do nothing.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    const initial = this.initial;
    if (!initial) return;
    // Another contact is to be continued (loadContact follows): this draft is only saved, not shown.
    const displaced = !!this.pendingContactId && this.pendingContactId !== initial.contactId;
    const s = this.copy;
    const generation = s.generation;
    if (initial.contactId) {
      const id = initial.contactId;
      void this.enqueue(async () => {
        try {
          const fresh = await this.deps.contacts.get(id);
          if (generation !== s.generation) return;
          if (fresh.status === 'completed') {
            this.reset();
            if (!displaced) this.publish({ notice: 'completedElsewhere' });
            return;
          }
          this.accept(fresh, generation, null);
        } catch (error) {
          if (error instanceof ApiError && error.status === 404 && generation === s.generation) {
            s.contactId = null;
            s.version = null;
            this.publish({ contactId: null });
          }
        }
      });
    }
    if (initial.unsaved || !initial.contactId) void this.save().catch(() => undefined);
  }

  /** Leaving the screen (e.g. following a link to a case) pushes what is still waiting. */
  leave(): void {
    const s = this.copy;
    if (s.timer) {
      this.timers.clear(s.timer);
      s.timer = null;
      void this.save().catch(() => undefined);
    }
  }

  /** An edit of the form: kept in the draft at once, saved when typing stops (at once for a high risk). */
  readonly change = (patch: Partial<IntakeValues>): void => {
    const s = this.copy;
    if (s.released) return;
    const next = { ...s.values, ...patch };
    s.values = next;
    this.publish({ values: next });
    if (!s.startedAt && isMeaningful(next)) s.startedAt = this.deps.now().toISOString();
    s.changeSeq += 1;
    this.persist();
    this.publish({ saveState: 'pending' });
    // A high-risk call is saved at once: the supervisors' alert must not wait for a pause in typing.
    this.schedule(patch.riskLevel && isCriticalRisk(patch.riskLevel) ? 0 : AUTOSAVE_DELAY_MS);
  };

  readonly dismissNotice = (): void => this.publish({ notice: null });

  /** Back to an empty form; the draft is dropped (the server keeps whatever was saved). */
  readonly reset = (): void => {
    const s = this.copy;
    if (s.timer) this.timers.clear(s.timer);
    Object.assign(s, EMPTY_COPY, { generation: s.generation + 1, timer: null });
    this.deps.drafts.clear();
    this.publish({
      values: INTAKE_DEFAULTS,
      contact: null,
      contactId: null,
      caseLink: null,
      saveState: 'idle',
      savedAt: null,
      saveError: null,
      notice: null,
      callId: null,
      released: null,
      loadError: null,
    });
  };

  /** Saves now (Alt+S), creating the contact if need be. */
  readonly saveNow = async (): Promise<ContactDto | null> => {
    const saved = await this.save(true);
    this.deps.onListsChanged();
    return saved;
  };

  /**
   * Continues an existing contact: the one of a call just answered or handed to this user
   * (`/intake?contact=<id>&call=<id>`). Whatever the form held is saved first (it stays in
   * progress on the server), then the contact is read and becomes the form and the draft.
   */
  readonly loadContact = (id: string, call: string | null): Promise<void> =>
    this.enqueue(async () => {
      const s = this.copy;
      if (s.contactId === id && !s.released) {
        if (call && call !== s.callId) {
          s.callId = call;
          this.publish({ callId: call });
          this.persist();
        }
        this.publish({ loading: false });
        return;
      }
      this.publish({ loading: true, loadError: null });
      if (s.contactId || isMeaningful(s.values)) await this.saveInQueue(false).catch(() => undefined);
      this.reset();
      const generation = s.generation;
      try {
        const fresh = await this.deps.contacts.get(id);
        if (generation !== s.generation) return;
        if (fresh.status === 'completed') {
          // A call that ended unanswered completes its contact: nothing to continue here.
          this.publish({ notice: 'completedElsewhere' });
          return;
        }
        const next = valuesOfContact(fresh, fresh.phone ?? '');
        Object.assign(s, { values: next, startedAt: fresh.startedAt, callId: call, savedAt: fresh.updatedAt });
        this.publish({ values: next, callId: call, savedAt: fresh.updatedAt });
        this.accept(fresh, generation, null);
      } catch (error) {
        if (generation === s.generation) this.publish({ loadError: error });
      } finally {
        this.publish({ loading: false });
      }
    });

  /** Remembers the live call this contact belongs to (found in the live list), for its call bar. */
  readonly attachCall = (call: string): void => {
    const s = this.copy;
    if (s.callId === call) return;
    s.callId = call;
    this.publish({ callId: call });
    this.persist();
  };

  /**
   * The contact is no longer this user's (the call was handed to a colleague, or went back to
   * the queue): stop saving, drop the local draft, keep the form on screen read-only.
   */
  readonly release = (why: Exclude<IntakeRelease, null>): void => {
    const s = this.copy;
    if (s.timer) {
      this.timers.clear(s.timer);
      s.timer = null;
    }
    s.released = true;
    this.deps.drafts.clear();
    this.publish({ released: why, saveError: null, saveState: s.changeSeq === s.savedSeq ? 'saved' : 'idle' });
  };

  readonly openCase = (body: Omit<OpenCaseBody, 'version'>): Promise<CaseSummaryDto> =>
    this.enqueue(async () => {
      const s = this.copy;
      const generation = s.generation;
      const saved = await this.ensureSaved();
      const result = await this.deps.contacts.openCase(saved.id, { ...body, version: s.version ?? saved.version });
      this.accept(result.contact, generation, null);
      this.deps.onListsChanged();
      return result.case;
    });

  readonly linkCase = (caseId: string): Promise<ContactDto> =>
    this.enqueue(async () => {
      const s = this.copy;
      const generation = s.generation;
      const saved = await this.ensureSaved();
      const linked = await this.deps.contacts.linkCase(saved.id, s.version ?? saved.version, caseId);
      this.accept(linked, generation, null);
      this.deps.onListsChanged();
      return linked;
    });

  /** "This is the caller": links a known person to this contact (the case opened from it gets them too). */
  readonly linkPerson = (personId: string | null): Promise<ContactDto> =>
    this.enqueue(async () => {
      const s = this.copy;
      const generation = s.generation;
      const saved = await this.ensureSaved();
      const linked = await this.deps.contacts.update(saved.id, { personId, version: s.version ?? saved.version });
      this.accept(linked, generation, null);
      return linked;
    });

  /** Completes the contact (the API needs a category) and starts a fresh form. */
  readonly complete = (): Promise<ContactDto> =>
    this.enqueue(async () => {
      const s = this.copy;
      const saved = await this.ensureSaved();
      const done = await this.deps.contacts.complete(saved.id, s.version ?? saved.version);
      this.reset();
      this.deps.onListsChanged();
      return done;
    });

  /** Starts a new contact; the current one is saved first and stays in progress. */
  readonly startNew = async (): Promise<void> => {
    await this.save().catch(() => undefined);
    this.reset();
    this.deps.onListsChanged();
  };

  private publish(patch: Partial<IntakeSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private persist(): void {
    const s = this.copy;
    if (s.released) return;
    if (!s.contactId && !isMeaningful(s.values)) {
      this.deps.drafts.clear();
      return;
    }
    const draft: IntakeDraft = {
      values: s.values,
      contactId: s.contactId,
      version: s.version,
      startedAt: s.startedAt,
      savedAt: s.savedAt,
      unsaved: s.changeSeq !== s.savedSeq,
      caseId: s.caseId,
      caseReference: s.caseReference,
      callId: s.callId,
    };
    void this.deps.drafts.write(draft);
  }

  /** Takes the server's answer as the current copy (unless the form was reset meanwhile). */
  private accept(saved: ContactDto, generation: number, seq: number | null): void {
    const s = this.copy;
    if (generation !== s.generation) return;
    s.contactId = saved.id;
    s.version = saved.version;
    s.contact = saved;
    if (saved.caseId) {
      s.caseId = saved.caseId;
      s.caseReference = saved.caseReference;
      this.publish({ caseLink: { id: saved.caseId, reference: saved.caseReference } });
    }
    if (seq !== null) {
      s.savedSeq = Math.max(s.savedSeq, seq);
      s.savedAt = this.deps.now().toISOString();
      this.publish({ savedAt: s.savedAt });
    }
    this.publish({ contact: saved, contactId: saved.id, saveError: null, saveState: s.changeSeq === s.savedSeq ? 'saved' : 'pending' });
    this.persist();
  }

  /** Runs server work after whatever is already queued. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const s = this.copy;
    const run = s.chain.then(work, work);
    s.chain = run.catch(() => undefined);
    return run;
  }

  private save(force = false): Promise<ContactDto | null> {
    return this.enqueue(() => this.saveInQueue(force));
  }

  /** The save itself; call only from inside the queue. Returns the contact, or null when there was nothing to create. */
  private async saveInQueue(force: boolean): Promise<ContactDto | null> {
    const s = this.copy;
    if (s.timer) {
      this.timers.clear(s.timer);
      s.timer = null;
    }
    const generation = s.generation;
    // Handed over: the colleague has the contact now; what was typed was saved before the transfer.
    if (s.released) return s.contact;
    if (!s.contactId && !force && !isMeaningful(s.values)) {
      this.publish({ saveState: 'idle' });
      return null;
    }
    if (s.contactId && s.changeSeq === s.savedSeq && s.contact) return s.contact;
    const seq = s.changeSeq;
    const fields = contactFields(s.values, phoneOf(s.values).valid);
    const createBody = () => ({ ...fields, channel: s.values.channel, ...(s.startedAt ? { startedAt: s.startedAt } : {}) });
    this.publish({ saveState: 'saving' });
    try {
      let saved: ContactDto;
      if (!s.contactId) {
        saved = await this.deps.contacts.create(createBody());
      } else {
        const id = s.contactId;
        try {
          if (s.version === null) throw new ApiError(409, null);
          saved = await this.deps.contacts.update(id, { ...fields, version: s.version });
        } catch (error) {
          // Someone (a supervisor, another tab) saved in between: take their version and keep
          // what the operator typed, who is on the call. A contact that is gone is created anew.
          if (!(error instanceof ApiError) || ![404, 409].includes(error.status) || error.code === 'contact_completed') throw error;
          if (error.status === 404) {
            s.contactId = null;
            saved = await this.deps.contacts.create(createBody());
          } else {
            const fresh = await this.deps.contacts.get(id);
            saved = await this.deps.contacts.update(id, { ...fields, version: fresh.version });
          }
        }
      }
      this.accept(saved, generation, seq);
      return saved;
    } catch (error) {
      if (generation === s.generation) this.publish({ saveError: error, saveState: 'error' });
      throw error;
    }
  }

  /** Inside the queue: the contact exists on the server with everything typed so far. */
  private async ensureSaved(): Promise<ContactDto> {
    const saved = await this.saveInQueue(true);
    if (!saved) throw new Error('The contact could not be created');
    return saved;
  }

  private schedule(delayMs: number): void {
    const s = this.copy;
    if (s.timer) this.timers.clear(s.timer);
    s.timer = this.timers.set(() => {
      s.timer = null;
      void this.save().catch(() => undefined);
    }, delayMs);
  }
}
