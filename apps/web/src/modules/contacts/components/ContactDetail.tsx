import { formatPhone } from '@mayak/domain';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { FlagList } from '@web/modules/people/components/FlagList';
import { RevealDialog } from '@web/modules/people/components/RevealDialog';
import { useRevealContactPhone } from '@web/modules/people/hooks/use-people';
import {
  Anchor,
  Badge,
  Button,
  ConfirmDialog,
  ErrorAlert,
  Group,
  LoadingState,
  PageHeader,
  Paper,
  SimpleGrid,
  Stack,
  StatusBadge,
  Text,
  Title,
} from '@web/modules/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { contactsApi } from '../api';
import { CONTACTS_KEY, useContact } from '../hooks/use-contacts';
import { LinkCaseDialog } from './LinkCaseDialog';
import { OpenCaseDialog } from './OpenCaseDialog';
import { readDraft, writeDraft } from '../intake-draft';
import { isMeaningful, valuesOfContact, type ContactDto } from '../types';
import { VoicemailPanel } from '@web/modules/voicemail/VoicemailPanel';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** One contact, read-only; its operator can continue an unfinished one in the intake. */
export function ContactDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const navigate = useNavigate();
  const session = useSession();
  const contact = useContact(id);
  const reveal = useRevealContactPhone();
  const [revealing, setRevealing] = useState(false);
  const [revealedPhone, setRevealedPhone] = useState<string | null | undefined>(undefined);
  const [confirmReplace, setConfirmReplace] = useState(false);
  const [opening, setOpening] = useState(false);
  const [linking, setLinking] = useState(false);
  const queryClient = useQueryClient();
  const link = useMutation({
    mutationFn: (input: { version: number; caseId: string }) => contactsApi.linkCase(id, input.version, input.caseId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: CONTACTS_KEY }),
  });
  const userId = session.data?.user.id ?? '';

  if (contact.isPending) return <LoadingState />;
  if (contact.isError) return <ErrorAlert error={contact.error} />;
  const k = contact.data;
  const shownPhone = revealedPhone !== undefined ? revealedPhone : k.phone;
  const answer = (value: boolean | null) => (value === true ? t('common.yes') : value === false ? t('common.no') : t('intake.consent.notAsked'));
  const canContinue = k.status === 'in_progress' && k.operator?.id === userId && can('contacts.write');
  // Any contact one sees becomes a case, during the call or long after it.
  const canCase = !k.caseId && can('cases.contribute');

  const continueInIntake = async (target: ContactDto) => {
    const kept = await writeDraft(userId, {
      values: valuesOfContact(target, target.phone ?? ''),
      contactId: target.id,
      version: target.version,
      startedAt: target.startedAt,
      savedAt: target.updatedAt,
      unsaved: false,
      caseId: target.caseId,
      caseReference: target.caseReference,
      callId: null,
    });
    // Without a local draft (no key for it), the intake reads the contact from the server instead.
    void navigate(kept ? '/intake' : `/intake?contact=${encodeURIComponent(target.id)}`);
  };
  const askContinue = async () => {
    const draft = await readDraft(userId);
    if (draft && draft.contactId !== k.id && (draft.contactId || isMeaningful(draft.values))) setConfirmReplace(true);
    else await continueInIntake(k);
  };

  return (
    <>
      <PageHeader
        title={t('contacts.detailTitle', { time: formatDateTime(k.startedAt) })}
        actions={
          canContinue || canCase ? (
            <Group gap="xs">
              {canContinue ? <Button onClick={() => void askContinue()}>{t('contacts.continue')}</Button> : null}
              {canCase ? (
                <Button variant={canContinue ? 'default' : 'filled'} onClick={() => setOpening(true)} data-testid="contact-open-case">
                  {t('intake.openCase.button')}
                </Button>
              ) : null}
              {canCase ? (
                <Button
                  variant="default"
                  onClick={() => {
                    link.reset();
                    setLinking(true);
                  }}
                  data-testid="contact-link-case"
                >
                  {t('contacts.linkCase.button')}
                </Button>
              ) : null}
            </Group>
          ) : null
        }
      />
      <Stack gap="md">
        {k.critical ? (
          <Badge color="red" variant="filled" size="lg" tt="none">
            ⚠ {t('contacts.critical')}
          </Badge>
        ) : null}
        <FlagList flags={k.flags} title={t('caller.flagged')} />
        {k.channel === 'voice' ? <VoicemailPanel contactId={k.id} /> : null}
        <Paper withBorder p="md" data-testid="contact-detail">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            <Field label={t('intake.phone')}>
              <Group gap="xs">
                <Text span ff="monospace" size="sm" data-testid="contact-phone">
                  {shownPhone ? formatPhone(shownPhone) : t('common.none')}
                </Text>
                {k.masked && k.phone && revealedPhone === undefined && can('identifiers.reveal') ? (
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() => {
                      reveal.reset();
                      setRevealing(true);
                    }}
                  >
                    {t('people.reveal.button')}
                  </Button>
                ) : null}
              </Group>
            </Field>
            <Field label={t('common.status')}>
              <StatusBadge color={k.status === 'completed' ? 'gray' : 'blue'}>{t(`contacts.status.${k.status}`)}</StatusBadge>
            </Field>
            <Field label={t('contacts.case')}>
              {k.caseId ? (
                <Anchor component={Link} to={`/cases/${k.caseId}`} ff="monospace">
                  {k.caseReference ?? t('intake.openTheCase')}
                </Anchor>
              ) : (
                t('common.none')
              )}
            </Field>
            <Field label={t('intake.channel')}>
              {codes.label('contactChannel', k.channel)} · {codes.label('contactDirection', k.direction)}
            </Field>
            <Field label={t('intake.language')}>{codes.language(k.language)}</Field>
            <Field label={t('intake.callerType')}>{codes.label('callerType', k.callerType)}</Field>
            <Field label={t('intake.category')}>{codes.label('contactCategory', k.category)}</Field>
            <Field label={t('intake.riskLevel')}>{codes.label('riskLevel', k.riskLevel)}</Field>
            <Field label={t('contacts.operator')}>{k.operator?.displayName ?? t('common.none')}</Field>
            <Field label={t('contacts.duration')}>
              {k.durationSeconds !== null ? t('contacts.minutes', { n: Math.max(1, Math.round(k.durationSeconds / 60)) }) : t('common.none')}
            </Field>
            <Field label={t('intake.consentToRecord')}>{answer(k.consentToRecord)}</Field>
            <Field label={t('intake.consentToRefer')}>{answer(k.consentToRefer)}</Field>
            <Field label={t('intake.consentToContactBack')}>{answer(k.consentToContactBack)}</Field>
            <Field label={t('intake.safeContactTimes')}>{k.safeContactTimes ?? t('common.none')}</Field>
            <Field label={t('intake.safeContactMethod')}>{codes.label('contactMethod', k.safeContactMethod)}</Field>
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="contact-notes">
          <Title order={2} size="h4" id="contact-notes" mb="xs">
            {t('intake.notes')}
          </Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {k.notes || t('common.none')}
          </Text>
        </Paper>
      </Stack>
      <OpenCaseDialog
        opened={opening}
        officeId={k.officeId}
        category={k.category ?? ''}
        critical={k.critical}
        onClose={() => setOpening(false)}
        onOpen={async (body) => (await contactsApi.openCase(k.id, { ...body, version: k.version })).case}
        onOpened={(created) => {
          setOpening(false);
          void queryClient.invalidateQueries({ queryKey: CONTACTS_KEY });
          void navigate(`/cases/${created.id}`);
        }}
      />
      <LinkCaseDialog
        opened={linking}
        pending={link.isPending}
        error={link.error}
        onClose={() => setLinking(false)}
        onLink={(caseId) => link.mutate({ version: k.version, caseId }, { onSuccess: () => setLinking(false) })}
      />
      <RevealDialog
        opened={revealing}
        subject={t('people.reveal.subjectPhone')}
        loading={reveal.isPending}
        error={reveal.error}
        onClose={() => setRevealing(false)}
        onReveal={(reason) =>
          reveal.mutate(
            { id: k.id, reason },
            {
              onSuccess: (result) => {
                setRevealedPhone(result.phone);
                setRevealing(false);
              },
            },
          )
        }
      />
      <ConfirmDialog
        opened={confirmReplace}
        title={t('contacts.replaceDraftTitle')}
        message={t('contacts.replaceDraftMessage')}
        confirmLabel={t('contacts.continue')}
        onClose={() => setConfirmReplace(false)}
        onConfirm={() => void continueInIntake(k)}
      />
    </>
  );
}
