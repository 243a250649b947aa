import { useForm } from '@mantine/form';
import type { CaseStatus } from '@mayak/domain';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { notifySuccess } from '@web/modules/ui';
import { closeCaseBody, reopenCaseBody, statusMoveKind, type CloseCaseValues, type ReopenCaseValues } from '../components/case-status';
import type { CaseDto } from '../types';
import { useApproveClosure, useChangeStatus, useRequestClosureApproval } from './use-cases';

/**
 * The status control's state: the moves and their mutation, the close / reopen dialog with its
 * form, and what is announced (and where the focus goes) once a move is made.
 */
export function useCaseStatusControl(c: CaseDto) {
  const { t } = useTranslation();
  const change = useChangeStatus(c.id);
  const approve = useApproveClosure(c.id);
  const request = useRequestClosureApproval(c.id);
  const [dialog, setDialog] = useState<'close' | 'reopen' | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const closeForm = useForm<CloseCaseValues>({
    initialValues: { closureReason: '', closureNote: '' },
    validate: { closureReason: (value) => (value ? null : t('fieldErrors.required')) },
  });
  const reopenForm = useForm<ReopenCaseValues>({
    initialValues: { reopenReason: '' },
    validate: { reopenReason: (value) => (value.trim() ? null : t('fieldErrors.required')) },
  });
  useEffect(() => {
    if (dialog === 'close') closeForm.reset();
    if (dialog === 'reopen') reopenForm.reset();
  }, [dialog]);

  const closeDialog = () => setDialog(null);
  const moved = (status: CaseStatus) => {
    setDialog(null);
    const message = t('cases.statusChanged', { status: t(`cases.status.${status}`) });
    setAnnouncement(message);
    notifySuccess(message);
    // The button pressed is gone (the next moves differ): keep the keyboard user here.
    window.setTimeout(() => headingRef.current?.focus(), 0);
  };
  const move = (status: CaseStatus) => {
    const kind = statusMoveKind(c.status, status);
    if (kind === 'direct') {
      change.mutate({ version: c.version, status }, { onSuccess: () => moved(status) });
    } else {
      change.reset();
      setDialog(kind);
    }
  };
  const submitClose = (values: CloseCaseValues) =>
    change.mutate(closeCaseBody(c.version, values), {
      onSuccess: () => moved('closed'),
      onError: (error) => closeForm.setErrors(fieldErrorsOf(t, error)),
    });
  const submitReopen = (values: ReopenCaseValues) =>
    change.mutate(reopenCaseBody(c.version, values), {
      onSuccess: () => moved('open'),
      onError: (error) => reopenForm.setErrors(fieldErrorsOf(t, error)),
    });

  return { change, approve, request, dialog, closeDialog, headingRef, announcement, closeForm, reopenForm, move, submitClose, submitReopen };
}
