import type { CaseSummaryDto } from '@mayak/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddCallerFlag, type NewFlag } from '@web/modules/people/hooks/use-people';
import { useCallCaller } from '@web/modules/telephony/hooks/use-telephony';
import { notifySuccess } from '@web/modules/ui';
import { callerHistory, callerPanelView, caseLinkKey, personLinkKey } from '../components/caller-panel';
import { useCallerLookup } from './use-contacts';

interface CallerPanelInput {
  phone: string;
  e164: string | null;
  currentId: string | null;
  callId: string | null;
  onLinkCase: (c: CaseSummaryDto) => Promise<unknown>;
  onLinkPerson: (personId: string) => Promise<unknown>;
}

/**
 * The caller panel's state: the caller looked up by number (or through the live call while the
 * number is masked or not typed), linking this contact to a person or a case, and flagging the number.
 */
export function useCallerPanel({ phone, e164, currentId, callId, onLinkCase, onLinkPerson }: CallerPanelInput) {
  const { t } = useTranslation();
  const byNumber = useCallerLookup(e164, phone);
  const byCall = useCallCaller(callId, !e164 && !!callId);
  const lookup = e164 ? byNumber : byCall;
  const addFlag = useAddCallerFlag();
  const [flagging, setFlagging] = useState(false);
  const [linking, setLinking] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<unknown>(null);
  const lookingUp = !!(e164 || callId);
  const data = lookingUp ? (lookup.data ?? undefined) : undefined;
  const view = callerPanelView({ lookingUp, isPending: lookup.isPending, isError: lookup.isError, found: !!data });

  const link = async (key: string, work: () => Promise<unknown>) => {
    setLinking(key);
    setLinkError(null);
    try {
      await work();
      void lookup.refetch();
    } catch (error) {
      setLinkError(error);
    } finally {
      setLinking(null);
    }
  };
  const linkPerson = (personId: string) => void link(personLinkKey(personId), () => onLinkPerson(personId));
  const linkCase = (c: CaseSummaryDto) =>
    void link(caseLinkKey(c.id), async () => {
      await onLinkCase(c);
      notifySuccess(t('caller.linked', { reference: c.reference }));
    });

  const startFlagging = () => {
    addFlag.reset();
    setFlagging(true);
  };
  const stopFlagging = () => setFlagging(false);
  const submitFlag = (body: NewFlag) =>
    addFlag.mutate(
      { phone, body },
      {
        onSuccess: () => {
          setFlagging(false);
          notifySuccess(t('people.flags.added'));
        },
      },
    );

  return {
    view,
    lookup,
    data,
    ...callerHistory(data, currentId),
    linking,
    linkError,
    linkPerson,
    linkCase,
    flag: { opened: flagging, pending: addFlag.isPending, error: addFlag.error, start: startFlagging, stop: stopFlagging, submit: submitFlag },
  };
}
