import { useForm } from '@mantine/form';
import type { TimelineEntryDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDate, useFormatDateTime } from '@web/modules/i18n/format';
import { Badge, Box, Button, ErrorAlert, Group, LoadingState, LoadMore, notifySuccess, Paper, Stack, Text, Textarea, Title } from '@web/modules/ui';
import { useAddNote, useAssignableUsers, useTimeline } from '../hooks/use-cases';
import type { CaseDto } from '../types';

const FIELD_KEYS: Record<string, string> = {
  type: 'cases.type',
  summary: 'cases.summary',
  personId: 'cases.client',
  route: 'trafficking.route',
  traffickingStatus: 'trafficking.status',
  traffickingStatusDecidedBy: 'trafficking.decidedBy',
  exploitationTypes: 'trafficking.exploitationTypes',
  controlMethods: 'trafficking.controlMethods',
  labourIndustry: 'trafficking.labourIndustry',
  recruitmentMethods: 'trafficking.recruitmentMethods',
  recruiterRelation: 'trafficking.recruiterRelation',
  migrationSituation: 'trafficking.migrationSituation',
};

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
// Transfers keep the offices' names as they were when the case moved.
const officeName = (value: unknown): string => str((value as { name?: unknown } | null)?.name) ?? '—';

/** A contact on the timeline: how and why they called, and the operator's notes. */
function TimelineContact({ contact }: { contact: NonNullable<TimelineEntryDto['contact']> }) {
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  return (
    <Paper withBorder p="xs" mt={4} bg="var(--mantine-color-gray-light)" data-testid="timeline-contact">
      <Stack gap={2}>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={600}>
            {codes.label('contactChannel', contact.channel)} · {codes.label('contactDirection', contact.direction)}
          </Text>
          <Text size="sm">{codes.label('contactCategory', contact.category)}</Text>
          {['high', 'immediate_danger'].includes(contact.riskLevel) ? (
            <Badge color="red" variant="filled" tt="none" styles={{ root: { minWidth: 'max-content' } }}>
              {codes.label('riskLevel', contact.riskLevel)}
            </Badge>
          ) : null}
          {contact.phone ? (
            <Text size="sm" ff="monospace">
              {formatPhone(contact.phone)}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            {formatDateTime(contact.startedAt)}
          </Text>
        </Group>
        {contact.notes ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {contact.notes}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** Every contact, note, status change, task and consent of the case, newest first. */
export function CaseTimeline({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const formatDate = useFormatDate();
  const timeline = useTimeline(c.id);
  const people = useAssignableUsers(c.officeId, can('cases.contribute'));
  const addNote = useAddNote(c.id);
  const form = useForm({
    initialValues: { body: '' },
    validate: { body: (value) => (value.trim() ? null : t('fieldErrors.required')) },
  });
  const entries = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  // Entries name colleagues by id; each page lists the colleagues it names.
  const names = new Map<string, string>();
  for (const user of people.data ?? []) names.set(user.id, user.displayName);
  for (const user of [...c.sharedWith, ...(c.assignee ? [c.assignee] : []), c.createdBy]) names.set(user.id, user.displayName);
  for (const user of timeline.data?.pages.flatMap((page) => page.users) ?? []) names.set(user.id, user.displayName);
  const nameOf = (id: unknown) => (typeof id === 'string' ? (names.get(id) ?? t('timeline.colleague')) : t('cases.unassigned'));
  const status = (value: unknown) => (str(value) ? t(`cases.status.${String(value)}`) : t('common.none'));
  const priority = (value: unknown) => (str(value) ? t(`cases.priority.${String(value)}`) : t('common.none'));

  const describe = (entry: TimelineEntryDto): string => {
    const d = entry.data as Record<string, unknown>;
    switch (entry.kind) {
      case 'created':
        return t('timeline.created', { type: codes.label('caseType', str(d.type)), priority: priority(d.priority) });
      case 'note':
        return t('timeline.note');
      case 'contact_linked':
        return t('timeline.contactLinked');
      case 'status_changed':
        return d.closureReason
          ? t('timeline.closed', { from: status(d.from), reason: codes.label('closureReason', str(d.closureReason)) })
          : t('timeline.statusChanged', { from: status(d.from), to: status(d.to) });
      case 'priority_changed':
        return d.reason === 'high_risk_contact'
          ? t('timeline.priorityRaised', { from: priority(d.from), to: priority(d.to) })
          : t('timeline.priorityChanged', { from: priority(d.from), to: priority(d.to) });
      case 'assigned':
        return d.to ? t('timeline.assigned', { name: nameOf(d.to) }) : t('timeline.unassigned');
      case 'shared':
        return t('timeline.shared', { name: nameOf(d.with) });
      case 'unshared':
        return t('timeline.unshared', { name: nameOf(d.with) });
      case 'details_updated':
        return t('timeline.detailsUpdated', {
          fields: Array.isArray(d.changed)
            ? d.changed.map((field) => (FIELD_KEYS[String(field)] ? t(FIELD_KEYS[String(field)]) : String(field))).join(', ')
            : '',
        });
      case 'person_linked':
        return t('timeline.personLinked');
      case 'task_created':
        return str(d.dueAt)
          ? t('timeline.taskCreatedDue', { title: str(d.title) ?? '', due: formatDate(str(d.dueAt)) })
          : t('timeline.taskCreated', { title: str(d.title) ?? '' });
      case 'task_updated':
        return t('timeline.taskUpdated', { title: str(d.title) ?? '', status: codes.label('taskStatus', str(d.status)) });
      case 'consent_given':
        return t('timeline.consentGiven', { purpose: codes.label('consentPurpose', str(d.purpose)), channel: codes.label('consentChannel', str(d.channel)) });
      case 'consent_withdrawn':
        return t('timeline.consentWithdrawn', { purpose: codes.label('consentPurpose', str(d.purpose)) });
      case 'closure_approved':
        return t('timeline.closureApproved');
      case 'referral_created':
        return t('timeline.referralCreated', { organisation: str(d.organisationName) ?? '', service: codes.label('serviceType', str(d.serviceType)) });
      case 'referral_status_changed':
        return t(d.by === 'partner' ? 'timeline.referralAnswered' : 'timeline.referralStatusChanged', {
          organisation: str(d.organisationName) ?? '',
          service: codes.label('serviceType', str(d.serviceType)),
          status: str(d.to) ? t(`referrals.status.${String(d.to)}`) : t('common.none'),
        });
      case 'callback_scheduled':
        return t('timeline.callbackScheduled', { due: formatDateTime(str(d.dueAt)), method: codes.label('callbackMethod', str(d.method)) });
      case 'callback_status_changed': {
        const to = codes.label('callbackStatus', str(d.to));
        if (str(d.outcome)) return t('timeline.callbackOutcome', { status: to, outcome: codes.label('callbackOutcome', str(d.outcome)) });
        if (str(d.reason))
          return t('timeline.callbackClosed', { status: to, reason: d.reason === 'attempts_exhausted' ? t('timeline.attemptsExhausted') : String(d.reason) });
        if (str(d.dueAt)) return t('timeline.callbackRescheduled', { due: formatDateTime(str(d.dueAt)) });
        return t('timeline.callbackStatusChanged', { status: to });
      }
      case 'transfer_requested':
        return t('timeline.transferRequested', { from: officeName(d.fromOffice), to: officeName(d.toOffice) });
      case 'transfer_accepted':
        return t('timeline.transferAccepted', { from: officeName(d.fromOffice), to: officeName(d.toOffice) });
      case 'transfer_declined':
        return t('timeline.transferDeclined', { to: officeName(d.toOffice) });
      case 'transfer_withdrawn':
        return t('timeline.transferWithdrawn', { to: officeName(d.toOffice) });
      case 'plan_created':
        return str(d.reviewDate)
          ? t('timeline.planCreatedReview', { kind: codes.label('planKind', str(d.kind)), date: formatDate(str(d.reviewDate)) })
          : t('timeline.planCreated', { kind: codes.label('planKind', str(d.kind)) });
      case 'plan_updated':
        return str(d.reviewDate)
          ? t('timeline.planUpdatedReview', { kind: codes.label('planKind', str(d.kind)), date: formatDate(str(d.reviewDate)) })
          : t('timeline.planUpdated', { kind: codes.label('planKind', str(d.kind)) });
      case 'plan_reviewed':
        return str(d.nextReviewDate)
          ? t('timeline.planReviewedNext', { kind: codes.label('planKind', str(d.kind)), date: formatDate(str(d.nextReviewDate)) })
          : t('timeline.planReviewed', { kind: codes.label('planKind', str(d.kind)) });
      case 'plan_closed':
        return t('timeline.planClosed', { kind: codes.label('planKind', str(d.kind)) });
      case 'attachment_added':
        return t('timeline.attachmentAdded', { category: codes.label('caseAttachmentCategory', str(d.category)) });
      case 'attachment_removed':
        return t('timeline.attachmentRemoved', { category: codes.label('caseAttachmentCategory', str(d.category)) });
      default:
        return entry.kind;
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-timeline-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="case-timeline-title">
          {t('timeline.title')}
        </Title>
        {can('cases.contribute') ? (
          <form
            noValidate
            data-testid="note-form"
            onSubmit={form.onSubmit((values) =>
              addNote.mutate(values.body.trim(), {
                onSuccess: () => {
                  form.reset();
                  notifySuccess(t('timeline.noteAdded'));
                },
                onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
              }),
            )}
          >
            <Stack gap="xs">
              <ErrorAlert error={addNote.error} />
              <Textarea
                label={t('timeline.addNote')}
                description={t('timeline.addNoteHint')}
                autosize
                minRows={2}
                maxLength={10000}
                {...form.getInputProps('body')}
              />
              <Group>
                <Button type="submit" size="sm" loading={addNote.isPending}>
                  {t('timeline.addNoteButton')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
        {timeline.isPending ? (
          <LoadingState />
        ) : timeline.isError ? (
          <ErrorAlert error={timeline.error} />
        ) : (
          <>
            <Box component="ol" data-testid="timeline" aria-label={t('timeline.listLabel')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {entries.map((entry) => (
                <Box component="li" key={entry.id} data-kind={entry.kind} py="xs" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
                  <Group gap="xs" wrap="wrap" justify="space-between">
                    <Text size="sm" fw={600}>
                      {describe(entry)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(entry.occurredAt)}
                      {entry.actor ? ` · ${entry.actor.displayName}` : ''}
                    </Text>
                  </Group>
                  {entry.body ? (
                    <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }} data-testid="timeline-body">
                      {entry.body}
                    </Text>
                  ) : null}
                  {entry.contact ? <TimelineContact contact={entry.contact} /> : null}
                </Box>
              ))}
            </Box>
            <LoadMore
              shown={entries.length}
              hasMore={!!timeline.hasNextPage}
              loading={timeline.isFetchingNextPage}
              onLoadMore={() => void timeline.fetchNextPage()}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}
