import type { CaseSummaryDto } from '@mayak/api-client';
import { isCriticalRisk, normalisePhone } from '@mayak/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/errors';
import { contactsApi } from '../api';
import { clearDraft, writeDraft, type IntakeDraft } from '../intake-draft';
import { contactFields, INTAKE_DEFAULTS, isMeaningful, valuesOfContact, type ContactDto, type IntakeValues, type OpenCaseBody } from '../types';
import { consoleClock } from '../../clock/console-clock';

/** Autosave waits this long after the last keystroke ("a few seconds after typing stops"). */
export const AUTOSAVE_DELAY_MS = 2000;

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';
export type IntakeNotice = 'restored' | 'completedElsewhere' | null;
/** Why this console no longer edits the contact: the call went to a colleague, or back to the queue. */
export type IntakeRelease = { kind: 'handed'; to: string } | { kind: 'requeued' } | null;

interface Mutable {
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
  timer: ReturnType<typeof setTimeout> | null;
}

function phoneOf(values: IntakeValues) {
  const phone = values.phone.trim();
  if (!phone) return { valid: false, empty: true, e164: null as string | null };
  const normalised = normalisePhone(phone);
  return { valid: normalised.ok, empty: false, e164: normalised.ok ? normalised.e164 : null };
}

/**
 * One live call's contact: form values, the server copy, autosave and the local draft.
 *
 * The contact is created on the first meaningful input (or an explicit save), then patched
 * a few seconds after typing stops with the version the server last returned. Every call
 * to the server goes through one queue, so a save, "open a case" and "complete" never
 * overtake each other. Every keystroke is also written (encrypted, see intake-draft.ts) to
 * localStorage, so a closed or crashed page brings the call back (with its contact id) on
 * the next visit. `restored` is that draft, already decrypted (useRestoredDraft): the hook
 * starts from it, so nothing is saved or shown before the restore is done.
 */
export function useIntake(userId: string, pendingContactId: string | null = null, restored: IntakeDraft | null = null) {
  const queryClient = useQueryClient();
  // Taken once: the draft this screen started from.
  const [initial] = useState(restored);
  const [values, setValues] = useState<IntakeValues>(initial?.values ?? INTAKE_DEFAULTS);
  const [contact, setContact] = useState<ContactDto | null>(null);
  const [contactId, setContactId] = useState<string | null>(initial?.contactId ?? null);
  const [caseLink, setCaseLink] = useState<{ id: string; reference: string | null } | null>(
    initial?.caseId ? { id: initial.caseId, reference: initial.caseReference } : null,
  );
  const [saveState, setSaveState] = useState<SaveState>(initial ? (initial.unsaved ? 'pending' : initial.savedAt ? 'saved' : 'idle') : 'idle');
  const [savedAt, setSavedAt] = useState<string | null>(initial?.savedAt ?? null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [notice, setNotice] = useState<IntakeNotice>(
    initial && (initial.contactId || isMeaningful(initial.values)) && (!pendingContactId || pendingContactId === initial.contactId) ? 'restored' : null,
  );
  const [callId, setCallId] = useState<string | null>(initial?.callId ?? null);
  // Arriving with another contact to continue (an answered call): its copy is being read.
  const [loading, setLoading] = useState(!!pendingContactId && pendingContactId !== initial?.contactId);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [released, setReleased] = useState<IntakeRelease>(null);

  const ref = useRef<Mutable>({
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
  });

  const persist = useCallback(() => {
    const s = ref.current;
    if (s.released) return;
    if (!s.contactId && !isMeaningful(s.values)) {
      clearDraft(userId);
      return;
    }
    const draft: IntakeDraft = {
      values: s.values, contactId: s.contactId, version: s.version, startedAt: s.startedAt, savedAt: s.savedAt,
      unsaved: s.changeSeq !== s.savedSeq, caseId: s.caseId, caseReference: s.caseReference, callId: s.callId,
    };
    void writeDraft(userId, draft);
  }, [userId]);

  /** Takes the server's answer as the current copy (unless the form was reset meanwhile). */
  const accept = useCallback((saved: ContactDto, generation: number, seq: number | null) => {
    const s = ref.current;
    if (generation !== s.generation) return;
    s.contactId = saved.id;
    s.version = saved.version;
    s.contact = saved;
    if (saved.caseId) {
      s.caseId = saved.caseId;
      s.caseReference = saved.caseReference;
      setCaseLink({ id: saved.caseId, reference: saved.caseReference });
    }
    if (seq !== null) {
      s.savedSeq = Math.max(s.savedSeq, seq);
      s.savedAt = consoleClock.now().toISOString();
      setSavedAt(s.savedAt);
    }
    setContact(saved);
    setContactId(saved.id);
    setSaveError(null);
    setSaveState(s.changeSeq === s.savedSeq ? 'saved' : 'pending');
    persist();
  }, [persist]);

  /** Runs server work after whatever is already queued. */
  const enqueue = useCallback(<T,>(work: () => Promise<T>): Promise<T> => {
    const s = ref.current;
    const run = s.chain.then(work, work);
    s.chain = run.catch(() => undefined);
    return run;
  }, []);

  /** The save itself; call only from inside the queue. Returns the contact, or null when there was nothing to create. */
  const saveInQueue = useCallback(async (force: boolean): Promise<ContactDto | null> => {
    const s = ref.current;
    if (s.timer) {
      clearTimeout(s.timer);
      s.timer = null;
    }
    const generation = s.generation;
    // Handed over: the colleague has the contact now; what was typed was saved before the transfer.
    if (s.released) return s.contact;
    if (!s.contactId && !force && !isMeaningful(s.values)) {
      setSaveState('idle');
      return null;
    }
    if (s.contactId && s.changeSeq === s.savedSeq && s.contact) return s.contact;
    const seq = s.changeSeq;
    const fields = contactFields(s.values, phoneOf(s.values).valid);
    setSaveState('saving');
    try {
      let saved: ContactDto;
      if (!s.contactId) {
        saved = await contactsApi.create({ ...fields, channel: s.values.channel, ...(s.startedAt ? { startedAt: s.startedAt } : {}) });
      } else {
        const id = s.contactId;
        try {
          if (s.version === null) throw new ApiError(409, null);
          saved = await contactsApi.update(id, { ...fields, version: s.version });
        } catch (error) {
          // Someone (a supervisor, another tab) saved in between: take their version and keep
          // what the operator typed, who is on the call. A contact that is gone is created anew.
          if (!(error instanceof ApiError) || ![404, 409].includes(error.status) || error.code === 'contact_completed') throw error;
          if (error.status === 404) {
            s.contactId = null;
            saved = await contactsApi.create({ ...fields, channel: s.values.channel, ...(s.startedAt ? { startedAt: s.startedAt } : {}) });
          } else {
            const fresh = await contactsApi.get(id);
            saved = await contactsApi.update(id, { ...fields, version: fresh.version });
          }
        }
      }
      accept(saved, generation, seq);
      return saved;
    } catch (error) {
      if (generation === s.generation) {
        setSaveError(error);
        setSaveState('error');
      }
      throw error;
    }
  }, [accept]);

  const save = useCallback((force = false) => enqueue(() => saveInQueue(force)), [enqueue, saveInQueue]);

  /** Inside the queue: the contact exists on the server with everything typed so far. */
  const ensureSaved = useCallback(async (): Promise<ContactDto> => {
    const saved = await saveInQueue(true);
    if (!saved) throw new Error('The contact could not be created');
    return saved;
  }, [saveInQueue]);

  const schedule = useCallback((delay: number) => {
    const s = ref.current;
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      s.timer = null;
      void save().catch(() => undefined);
    }, delay);
  }, [save]);

  const change = useCallback((patch: Partial<IntakeValues>) => {
    const s = ref.current;
    if (s.released) return;
    const next = { ...s.values, ...patch };
    s.values = next;
    setValues(next);
    if (!s.startedAt && isMeaningful(next)) s.startedAt = consoleClock.now().toISOString();
    s.changeSeq += 1;
    persist();
    setSaveState('pending');
    // A high-risk call is saved at once: the supervisors' alert must not wait for a pause in typing.
    schedule(patch.riskLevel && isCriticalRisk(patch.riskLevel) ? 0 : AUTOSAVE_DELAY_MS);
  }, [persist, schedule]);

  /** Back to an empty form; the draft is dropped (the server keeps whatever was saved). */
  const reset = useCallback(() => {
    const s = ref.current;
    if (s.timer) clearTimeout(s.timer);
    Object.assign(s, {
      values: INTAKE_DEFAULTS, contactId: null, version: null, contact: null, startedAt: null, savedAt: null, caseId: null,
      caseReference: null, callId: null, released: false, changeSeq: 0, savedSeq: 0, generation: s.generation + 1, timer: null,
    });
    clearDraft(userId);
    setValues(INTAKE_DEFAULTS);
    setContact(null);
    setContactId(null);
    setCaseLink(null);
    setSaveState('idle');
    setSavedAt(null);
    setSaveError(null);
    setNotice(null);
    setCallId(null);
    setReleased(null);
    setLoadError(null);
  }, [userId]);

  /**
   * Continues an existing contact: the one of a call just answered or handed to this user
   * (`/intake?contact=<id>&call=<id>`). Whatever the form held is saved first (it stays in
   * progress on the server), then the contact is read and becomes the form and the draft.
   */
  const loadContact = useCallback((id: string, call: string | null) =>
    enqueue(async () => {
      const s = ref.current;
      if (s.contactId === id && !s.released) {
        if (call && call !== s.callId) {
          s.callId = call;
          setCallId(call);
          persist();
        }
        setLoading(false);
        return;
      }
      setLoading(true);
      setLoadError(null);
      if (s.contactId || isMeaningful(s.values)) await saveInQueue(false).catch(() => undefined);
      reset();
      const generation = ref.current.generation;
      try {
        const fresh = await contactsApi.get(id);
        if (generation !== ref.current.generation) return;
        if (fresh.status === 'completed') {
          // A call that ended unanswered completes its contact: nothing to continue here.
          setNotice('completedElsewhere');
          return;
        }
        const next = valuesOfContact(fresh, fresh.phone ?? '');
        Object.assign(ref.current, { values: next, startedAt: fresh.startedAt, callId: call, savedAt: fresh.updatedAt });
        setValues(next);
        setCallId(call);
        setSavedAt(fresh.updatedAt);
        accept(fresh, generation, null);
      } catch (error) {
        if (generation === ref.current.generation) setLoadError(error);
      } finally {
        setLoading(false);
      }
    }), [enqueue, saveInQueue, reset, accept, persist]);

  /** Remembers the live call this contact belongs to (found in the live list), for its call bar. */
  const attachCall = useCallback((call: string) => {
    const s = ref.current;
    if (s.callId === call) return;
    s.callId = call;
    setCallId(call);
    persist();
  }, [persist]);

  /**
   * The contact is no longer this user's (the call was handed to a colleague, or went back to
   * the queue): stop saving, drop the local draft, keep the form on screen read-only.
   */
  const release = useCallback((why: Exclude<IntakeRelease, null>) => {
    const s = ref.current;
    if (s.timer) {
      clearTimeout(s.timer);
      s.timer = null;
    }
    s.released = true;
    clearDraft(userId);
    setReleased(why);
    setSaveError(null);
    setSaveState(s.changeSeq === s.savedSeq ? 'saved' : 'idle');
  }, [userId]);

  // A restored draft: fetch the contact's current version first (queued before any save),
  // then push what was typed but not yet saved.
  const restoring = useRef(false);
  useEffect(() => {
    if (restoring.current || !initial) return;
    restoring.current = true;
    // Another contact is to be continued (loadContact follows): this draft is only saved, not shown.
    const displaced = !!pendingContactId && pendingContactId !== initial.contactId;
    const s = ref.current;
    const generation = s.generation;
    if (initial.contactId) {
      const id = initial.contactId;
      void enqueue(async () => {
        try {
          const fresh = await contactsApi.get(id);
          if (generation !== s.generation) return;
          if (fresh.status === 'completed') {
            reset();
            if (!displaced) setNotice('completedElsewhere');
            return;
          }
          accept(fresh, generation, null);
        } catch (error) {
          if (error instanceof ApiError && error.status === 404 && generation === s.generation) {
            s.contactId = null;
            s.version = null;
            setContactId(null);
          }
        }
      });
    }
    if (initial.unsaved || !initial.contactId) void save().catch(() => undefined);
  }, [initial, enqueue, accept, reset, save, pendingContactId]);

  // Leaving the screen (e.g. following a link to a case) pushes what is still waiting.
  useEffect(() => () => {
    const s = ref.current;
    if (s.timer) {
      clearTimeout(s.timer);
      s.timer = null;
      void save().catch(() => undefined);
    }
  }, [save]);

  const invalidateLists = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    void queryClient.invalidateQueries({ queryKey: ['cases'] });
    void queryClient.invalidateQueries({ queryKey: ['callers'] });
    // Completing a call's contact ends the operator's after-call work.
    void queryClient.invalidateQueries({ queryKey: ['telephony', 'presence'] });
  }, [queryClient]);

  /** Saves now (Alt+S), creating the contact if need be. */
  const saveNow = useCallback(async () => {
    const saved = await save(true);
    invalidateLists();
    return saved;
  }, [save, invalidateLists]);

  const openCase = useCallback((body: Omit<OpenCaseBody, 'version'>): Promise<CaseSummaryDto> =>
    enqueue(async () => {
      const s = ref.current;
      const generation = s.generation;
      const saved = await ensureSaved();
      const result = await contactsApi.openCase(saved.id, { ...body, version: s.version ?? saved.version });
      accept(result.contact, generation, null);
      invalidateLists();
      return result.case;
    }), [enqueue, ensureSaved, accept, invalidateLists]);

  const linkCase = useCallback((caseId: string) =>
    enqueue(async () => {
      const s = ref.current;
      const generation = s.generation;
      const saved = await ensureSaved();
      const linked = await contactsApi.linkCase(saved.id, s.version ?? saved.version, caseId);
      accept(linked, generation, null);
      invalidateLists();
      return linked;
    }), [enqueue, ensureSaved, accept, invalidateLists]);

  /** "This is the caller": links a known person to this contact (the case opened from it gets them too). */
  const linkPerson = useCallback((personId: string | null) =>
    enqueue(async () => {
      const s = ref.current;
      const generation = s.generation;
      const saved = await ensureSaved();
      const linked = await contactsApi.update(saved.id, { personId, version: s.version ?? saved.version });
      accept(linked, generation, null);
      return linked;
    }), [enqueue, ensureSaved, accept]);

  /** Completes the contact (the API needs a category) and starts a fresh form. */
  const complete = useCallback(() =>
    enqueue(async () => {
      const s = ref.current;
      const saved = await ensureSaved();
      const done = await contactsApi.complete(saved.id, s.version ?? saved.version);
      reset();
      invalidateLists();
      return done;
    }), [enqueue, ensureSaved, reset, invalidateLists]);

  /** Starts a new contact; the current one is saved first and stays in progress. */
  const startNew = useCallback(async () => {
    await save().catch(() => undefined);
    reset();
    invalidateLists();
  }, [save, reset, invalidateLists]);

  const phone = phoneOf(values);
  return {
    values, change, contact, contactId, caseLink, saveState, savedAt, saveError, notice, dismissNotice: () => setNotice(null),
    phoneValid: phone.valid, phoneEmpty: phone.empty, phoneE164: phone.e164,
    hasContent: !!contactId || isMeaningful(values),
    callId, loading, loadError, released,
    saveNow, openCase, linkCase, linkPerson, complete, startNew, loadContact, attachCall, release, reset,
  };
}

export type IntakeSession = ReturnType<typeof useIntake>;
