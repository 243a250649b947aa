import type { CaseSummaryDto } from '@mayak/api-client';
import { contactBackConsent } from '@mayak/domain';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import type { CallbackTarget } from '@web/modules/callbacks/components/ScheduleCallbackDialog';
import { notifySuccess } from '@web/modules/ui';
import { useIntakeShortcuts, type IntakeShortcut } from '../shortcuts';
import type { IntakeView } from './use-intake';

interface IntakeCommandsOptions {
  canOpenCase: boolean;
  /** Puts the focus back on the first field (after the form was emptied or a dialog closed). */
  focusFirst: () => void;
  /** Drops `?contact=&call=` from the address once that contact is done with. */
  clearAddress: () => void;
}

/**
 * What the intake's buttons and shortcuts do (Save, Complete, Open a case, New contact,
 * Schedule a callback), with the screen state around them: which dialog is open, the
 * action's error, the category error, the screen reader announcement and where focus goes.
 */
export function useIntakeCommands(intake: IntakeView, { canOpenCase, focusFirst, clearAddress }: IntakeCommandsOptions) {
  const { t } = useTranslation();
  const categoryRef = useRef<HTMLSelectElement>(null);
  const openCaseButtonRef = useRef<HTMLButtonElement>(null);
  const caseLinkRef = useRef<HTMLAnchorElement>(null);
  const scheduleButtonRef = useRef<HTMLButtonElement>(null);
  const [scheduling, setScheduling] = useState<CallbackTarget | null>(null);
  const [openingCase, setOpeningCase] = useState(false);
  const [confirmNew, setConfirmNew] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [completing, setCompleting] = useState(false);
  const [categoryError, setCategoryError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const released = intake.released;

  const startFresh = () => {
    intake.reset();
    clearAddress();
    focusFirst();
  };

  const scheduleCallback = async () => {
    if (released) return;
    setActionError(null);
    try {
      const saved = await intake.saveNow();
      if (!saved) return;
      setScheduling({
        contactId: saved.id,
        officeId: saved.officeId,
        hasPhone: !!saved.phone,
        safeContactTimes: saved.safeContactTimes,
        flags: saved.flags,
        contactBack: contactBackConsent({ contactAnswer: saved.consentToContactBack }),
      });
    } catch (error) {
      setActionError(error);
    }
  };

  const save = () => {
    if (released) return;
    setActionError(null);
    void intake.saveNow().catch(() => undefined);
  };

  const complete = async () => {
    if (completing || released) return;
    setActionError(null);
    if (!intake.values.category) {
      setCategoryError(t('intake.categoryRequired'));
      categoryRef.current?.focus();
      return;
    }
    setCategoryError(null);
    setCompleting(true);
    try {
      await intake.complete();
      clearAddress();
      notifySuccess(t('intake.completed'));
      setAnnouncement(t('intake.completed'));
      focusFirst();
    } catch (error) {
      const fields = fieldErrorsOf(t, error);
      if (fields.category) {
        setCategoryError(fields.category);
        categoryRef.current?.focus();
      }
      setActionError(error);
    } finally {
      setCompleting(false);
    }
  };

  const openCase = () => {
    if (!canOpenCase || released) return;
    if (intake.caseLink) {
      setAnnouncement(t('intake.alreadyLinked', { reference: intake.caseLink.reference ?? '' }));
      caseLinkRef.current?.focus();
      return;
    }
    setActionError(null);
    setOpeningCase(true);
  };

  const startNew = () => {
    if (released) startFresh();
    else if (intake.hasContent) setConfirmNew(true);
    else focusFirst();
  };

  const caseOpened = (created: CaseSummaryDto) => {
    setOpeningCase(false);
    notifySuccess(t('intake.caseOpened', { reference: created.reference }));
    setAnnouncement(t('intake.caseOpened', { reference: created.reference }));
    window.setTimeout(() => caseLinkRef.current?.focus(), 0);
  };

  const closeOpenCase = () => {
    setOpeningCase(false);
    window.setTimeout(() => openCaseButtonRef.current?.focus(), 0);
  };

  const confirmStartNew = () => {
    setConfirmNew(false);
    clearAddress();
    void intake.startNew().then(() => {
      setAnnouncement(t('intake.newContact.started'));
      focusFirst();
    });
  };

  const closeScheduling = () => {
    setScheduling(null);
    window.setTimeout(() => scheduleButtonRef.current?.focus(), 0);
  };

  /** An edit of the form; choosing a category clears the "category needed" error. */
  const change = (patch: Parameters<IntakeView['change']>[0]) => {
    if (patch.category) setCategoryError(null);
    intake.change(patch);
  };

  useIntakeShortcuts(
    {
      save,
      complete: () => void complete(),
      openCase,
      newContact: startNew,
    } satisfies Record<IntakeShortcut, () => void>,
    openingCase || confirmNew || !!scheduling || intake.loading,
  );

  return {
    refs: { categoryRef, openCaseButtonRef, caseLinkRef, scheduleButtonRef },
    scheduling,
    openingCase,
    confirmNew,
    actionError,
    completing,
    announcement,
    fieldErrors: { ...fieldErrorsOf(t, intake.saveError), ...(categoryError ? { category: categoryError } : {}) },
    change,
    save,
    complete,
    openCase,
    startNew,
    startFresh,
    scheduleCallback,
    caseOpened,
    closeOpenCase,
    confirmStartNew,
    cancelStartNew: () => setConfirmNew(false),
    closeScheduling,
  };
}
