import type { CallDto, CaseSummaryDto } from '@mayak/api-client';
import { contactBackConsent, isCriticalRisk } from '@mayak/domain';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { fieldErrorsOf } from '../../api/errors';
import { useSession } from '../../auth/hooks/use-session';
import { useCan } from '../../auth/hooks/use-can';
import { useFormatTime } from '../../i18n/format';
import {
  Alert, Anchor, Box, Button, ConfirmDialog, Dialog, ErrorAlert, Grid, Group, List, LoadingState, notifySuccess, PageHeader, Paper, ShortcutHint, Stack, Text, VisuallyHidden,
} from '../../ui';
import classes from './intake-layout.module.css';
import { ScheduleCallbackDialog, type CallbackTarget } from '../../callbacks/components/ScheduleCallbackDialog';
import { useRealtimeEvent } from '../../realtime/RealtimeProvider';
import { IntakeCallBar } from '../../telephony/components/IntakeCallBar';
import { useCall, useLiveCalls, useRefreshCall } from '../../telephony/hooks/use-telephony';
import { CALL_SHORTCUTS } from '../../telephony/shortcuts';
import { useIntake, type IntakeSession } from '../hooks/use-intake';
import { useRestoredDraft } from '../hooks/use-restored-draft';
import type { IntakeDraft } from '../intake-draft';
import { INTAKE_SHORTCUTS, useIntakeShortcuts, type IntakeShortcut } from '../shortcuts';
import { AutosaveStatus } from './AutosaveStatus';
import { CallerPanel } from './CallerPanel';
import { IntakeForm } from './IntakeForm';
import { OpenCaseDialog } from './OpenCaseDialog';
import { KnowledgePanel } from '../../knowledge/components/KnowledgePanel';

/**
 * Intake for the signed-in user (the draft is kept per user). `?contact=<id>&call=<id>`
 * continues an existing contact: the one of a call just answered or handed to this user.
 */
export function IntakeScreen() {
  const session = useSession();
  const [searchParams] = useSearchParams();
  if (!session.data) return null;
  return (
    <RestoredIntake
      key={session.data.user.id}
      userId={session.data.user.id}
      defaultOfficeId={session.data.user.offices[0]?.id ?? null}
      pendingContactId={searchParams.get('contact')}
    />
  );
}

type IntakeProps = { userId: string; defaultOfficeId: string | null; pendingContactId: string | null };

/** The form starts only once the local draft is decrypted: it never shows (or saves) an empty one in its place. */
function RestoredIntake(props: IntakeProps) {
  const restored = useRestoredDraft(props.userId);
  return restored.ready ? <Intake {...props} restored={restored.draft} /> : <LoadingState />;
}

function Intake({ userId, defaultOfficeId, pendingContactId, restored }: IntakeProps & { restored: IntakeDraft | null }) {
  const { t } = useTranslation();
  const can = useCan();
  const formatTime = useFormatTime();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const contactParam = searchParams.get('contact');
  const callParam = searchParams.get('call');
  const intake = useIntake(userId, pendingContactId, restored);
  const answersCalls = can('telephony.answer');
  const call = useCall(answersCalls ? intake.callId : null);
  const liveCalls = useLiveCalls(answersCalls);
  const refreshCall = useRefreshCall();
  const [scheduling, setScheduling] = useState<CallbackTarget | null>(null);
  const scheduleButtonRef = useRef<HTMLButtonElement>(null);
  const firstFieldRef = useRef<HTMLInputElement>(null);
  const categoryRef = useRef<HTMLSelectElement>(null);
  const openCaseButtonRef = useRef<HTMLButtonElement>(null);
  const caseLinkRef = useRef<HTMLAnchorElement>(null);
  const [openingCase, setOpeningCase] = useState(false);
  const [confirmNew, setConfirmNew] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [completing, setCompleting] = useState(false);
  const [categoryError, setCategoryError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [showingShortcuts, setShowingShortcuts] = useState(false);
  useShortcutLegendKey(() => setShowingShortcuts(true));
  const critical = isCriticalRisk(intake.values.riskLevel);
  const canOpenCase = can('cases.contribute');
  const released = intake.released;

  // The operator starts typing at once: the first field has focus on arrival (and once the
  // contact of an answered call has been read).
  useEffect(() => {
    if (!intake.loading) firstFieldRef.current?.focus();
  }, [intake.loading]);

  const focusFirst = () => window.setTimeout(() => firstFieldRef.current?.focus(), 0);

  // Each arrival at /intake?contact=… (answering, or opening a call handed to me) continues that contact.
  const handledKey = useRef<string | null>(null);
  useEffect(() => {
    if (handledKey.current === location.key) return;
    handledKey.current = location.key;
    if (contactParam) void intake.loadContact(contactParam, callParam);
    else if (callParam) intake.attachCall(callParam);
  }, [location.key]);

  // A contact continued from the contacts list may still be on a live call: find it.
  useEffect(() => {
    if (intake.callId || !intake.contactId || !liveCalls.data) return;
    const match = liveCalls.data.find((c) => c.contactId === intake.contactId);
    if (match) intake.attachCall(match.id);
  }, [liveCalls.data, intake.contactId, intake.callId]);

  const mineOrCall = (callId: string, contactId: string | null | undefined) => callId === intake.callId || (!!contactId && contactId === intake.contactId);
  useRealtimeEvent('call.transfer', (event) => { if (mineOrCall(event.callId, event.contactId)) refreshCall(event.callId); }, answersCalls);
  useRealtimeEvent('call.ended', (event) => { if (mineOrCall(event.callId, event.contactId)) refreshCall(event.callId); }, answersCalls);
  useRealtimeEvent('call.taken', (event) => { if (mineOrCall(event.callId, event.contactId)) refreshCall(event.callId); }, answersCalls);

  // The call left me (handed to a colleague, or back to the queue because I did not pick up):
  // the contact is not mine to edit any more.
  const handOver = (c: CallDto) => {
    if (released || !intake.contact || intake.contact.operator?.id !== userId || c.contactId !== intake.contactId) return;
    if (c.operator && c.operator.id !== userId) intake.release({ kind: 'handed', to: c.operator.displayName });
    else if (!c.operator && c.state === 'queued') intake.release({ kind: 'requeued' });
  };
  useEffect(() => {
    if (call.data) handOver(call.data);
  }, [call.data, intake.contact]);

  /** Back to an empty form, and the address without the finished call's contact. */
  const clearAddress = () => {
    if (contactParam || callParam) navigate('/intake', { replace: true });
  };

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
        contactId: saved.id, officeId: saved.officeId, hasPhone: !!saved.phone, safeContactTimes: saved.safeContactTimes, flags: saved.flags,
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

  const onOpened = (created: CaseSummaryDto) => {
    setOpeningCase(false);
    notifySuccess(t('intake.caseOpened', { reference: created.reference }));
    setAnnouncement(t('intake.caseOpened', { reference: created.reference }));
    window.setTimeout(() => caseLinkRef.current?.focus(), 0);
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

  const errors = { ...fieldErrorsOf(t, intake.saveError), ...(categoryError ? { category: categoryError } : {}) };

  return (
    <>
      <PageHeader
        title={intake.contactId ? t('intake.titleInProgress') : t('intake.title')}
        actions={(
          <Group gap="sm" wrap="nowrap">
            <AutosaveStatus state={intake.saveState} savedAt={intake.savedAt} error={intake.saveError} hasContact={!!intake.contactId} />
            <Button variant="subtle" size="compact-sm" onClick={() => setShowingShortcuts(true)} aria-keyshortcuts="Shift+?" data-testid="intake-shortcuts-open"
              rightSection={<ShortcutHint keys={['?']} />}>
              {t('intake.shortcuts.title')}
            </Button>
          </Group>
        )}
      />
      <Stack gap="md">
        <Text size="sm" role="status" aria-live="polite" style={{ position: 'absolute', left: -10000, width: 1, height: 1, overflow: 'hidden' }}>
          {announcement}
        </Text>
        {answersCalls && intake.callId ? (
          <IntakeCallBar
            call={call.data}
            loading={call.isPending}
            error={call.error}
            me={userId}
            released={!!released}
            beforeTransfer={() => intake.saveNow()}
            onHandedOver={handOver}
          />
        ) : null}
        {released ? (
          <Alert color="blue" role="status" title={released.kind === 'handed' ? t('intake.handedOver.title') : t('intake.requeued.title')} data-testid="intake-handed-over">
            <Stack gap="xs">
              <Text size="sm">{released.kind === 'handed' ? t('intake.handedOver.detail', { name: released.to }) : t('intake.requeued.detail')}</Text>
              <Group>
                <Button size="xs" onClick={startFresh}>{t('intake.newContact.button')}</Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <ErrorAlert error={intake.loadError} />
        {intake.notice === 'restored' ? (
          <Alert color="blue" title={t('intake.restored.title')} withCloseButton closeButtonLabel={t('common.close')} onClose={intake.dismissNotice} data-testid="draft-restored" role="status">
            {intake.savedAt ? t('intake.restored.detailSaved', { time: formatTime(intake.savedAt) }) : t('intake.restored.detail')}
          </Alert>
        ) : intake.notice === 'completedElsewhere' ? (
          <Alert color="yellow" title={t('intake.completedElsewhere.title')} withCloseButton closeButtonLabel={t('common.close')} onClose={intake.dismissNotice} role="status">
            {t('intake.completedElsewhere.detail')}
          </Alert>
        ) : null}
        {critical ? (
          <Alert color="red" variant="filled" role="alert" title={t('intake.critical.title')} data-testid="critical-banner">
            {intake.contact?.critical ? t('intake.critical.notified') : t('intake.critical.notifying')}
          </Alert>
        ) : null}
        <ErrorAlert error={actionError} />
        {intake.loading ? <LoadingState /> : (
          // From 992 px wide the caller's flags and history stay beside the form, and in view while it scrolls.
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <IntakeForm
                values={intake.values}
                onChange={(patch) => {
                  if (patch.category) setCategoryError(null);
                  intake.change(patch);
                }}
                onSubmit={save}
                phoneValid={intake.phoneValid}
                errors={errors}
                firstFieldRef={firstFieldRef}
                categoryRef={categoryRef}
                readOnly={!!released}
                actions={
                  <IntakeActions
                    intake={intake}
                    canOpenCase={canOpenCase}
                    canScheduleCallback={can('callbacks.write')}
                    completing={completing}
                    openCaseButtonRef={openCaseButtonRef}
                    caseLinkRef={caseLinkRef}
                    scheduleButtonRef={scheduleButtonRef}
                    onOpenCase={openCase}
                    onComplete={() => void complete()}
                    onNew={startNew}
                    onScheduleCallback={() => void scheduleCallback()}
                  />
                }
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack gap="md" className={classes.callerColumn} data-testid="intake-caller-column">
                <CallerPanel
                  phone={intake.values.phone}
                  e164={intake.phoneE164}
                  current={intake.contact}
                  currentId={intake.contactId}
                  linkedCaseId={intake.caseLink?.id ?? null}
                  onLinkCase={(c) => intake.linkCase(c.id)}
                  onLinkPerson={(personId) => intake.linkPerson(personId)}
                  callId={answersCalls ? intake.callId : null}
                />
                {can('knowledge.read') ? <KnowledgePanel contactId={intake.contactId} /> : null}
              </Stack>
            </Grid.Col>
          </Grid>
        )}
      </Stack>
      <Dialog opened={showingShortcuts} onClose={() => setShowingShortcuts(false)} title={t('intake.shortcuts.title')} size="md">
        <ShortcutLegend withCalls={answersCalls} />
      </Dialog>
      <OpenCaseDialog
        opened={openingCase}
        officeId={intake.contact?.officeId ?? defaultOfficeId}
        category={intake.values.category}
        critical={critical}
        onClose={() => {
          setOpeningCase(false);
          window.setTimeout(() => openCaseButtonRef.current?.focus(), 0);
        }}
        onOpen={intake.openCase}
        onOpened={onOpened}
      />
      <ConfirmDialog
        opened={confirmNew}
        title={t('intake.newContact.title')}
        message={t('intake.newContact.message')}
        confirmLabel={t('intake.newContact.confirm')}
        onClose={() => setConfirmNew(false)}
        onConfirm={() => {
          setConfirmNew(false);
          clearAddress();
          void intake.startNew().then(() => {
            setAnnouncement(t('intake.newContact.started'));
            focusFirst();
          });
        }}
      />
      <ScheduleCallbackDialog
        opened={!!scheduling}
        target={scheduling}
        onClose={() => {
          setScheduling(null);
          window.setTimeout(() => scheduleButtonRef.current?.focus(), 0);
        }}
      />
    </>
  );
}

interface IntakeActionsProps {
  intake: IntakeSession;
  canOpenCase: boolean;
  canScheduleCallback: boolean;
  completing: boolean;
  openCaseButtonRef: React.RefObject<HTMLButtonElement | null>;
  caseLinkRef: React.RefObject<HTMLAnchorElement | null>;
  scheduleButtonRef: React.RefObject<HTMLButtonElement | null>;
  onOpenCase: () => void;
  onComplete: () => void;
  onNew: () => void;
  onScheduleCallback: () => void;
}

function IntakeActions({
  intake, canOpenCase, canScheduleCallback, completing, openCaseButtonRef, caseLinkRef, scheduleButtonRef, onOpenCase, onComplete, onNew, onScheduleCallback,
}: IntakeActionsProps) {
  const { t } = useTranslation();
  const released = !!intake.released;
  return (
    // Pinned to the bottom of the screen while the form scrolls: Save, Open case and Complete are always in reach.
    <Paper withBorder p="sm" mt="md" className={classes.actions} data-testid="intake-actions">
      <Stack gap="sm">
        {intake.caseLink ? (
          <Group gap="xs" data-testid="intake-case" wrap="wrap">
            <Text size="sm" fw={600}>{t('intake.linkedCase')}</Text>
            <Anchor ref={caseLinkRef} component={Link} to={`/cases/${intake.caseLink.id}`} fw={700} ff="monospace" data-testid="intake-case-link">
              {intake.caseLink.reference ?? t('intake.openTheCase')}
            </Anchor>
          </Group>
        ) : null}
        <Group gap="sm" wrap="wrap">
          {!released ? (
            <>
              <Button type="submit" loading={intake.saveState === 'saving'} aria-keyshortcuts={INTAKE_SHORTCUTS.save.aria} rightSection={<ShortcutHint keys={INTAKE_SHORTCUTS.save.keys} />}>
                {t('common.save')}
              </Button>
              {canOpenCase && !intake.caseLink ? (
                <Button ref={openCaseButtonRef} variant="light" onClick={onOpenCase} aria-keyshortcuts={INTAKE_SHORTCUTS.openCase.aria} rightSection={<ShortcutHint keys={INTAKE_SHORTCUTS.openCase.keys} />}>
                  {t('intake.openCase.button')}
                </Button>
              ) : null}
              <Button color="green" onClick={onComplete} loading={completing} aria-keyshortcuts={INTAKE_SHORTCUTS.complete.aria} rightSection={<ShortcutHint keys={INTAKE_SHORTCUTS.complete.keys} />}>
                {t('intake.complete')}
              </Button>
              {canScheduleCallback ? (
                <Button ref={scheduleButtonRef} variant="light" onClick={onScheduleCallback} data-testid="schedule-callback-button">
                  {t('callbacks.schedule.button')}
                </Button>
              ) : null}
            </>
          ) : null}
          <Button variant="default" onClick={onNew} aria-keyshortcuts={INTAKE_SHORTCUTS.newContact.aria} rightSection={<ShortcutHint keys={INTAKE_SHORTCUTS.newContact.keys} />}>
            {t('intake.newContact.button')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Every shortcut of the intake, shown on demand (the button, or `?`): the buttons carry their own hints. */
function ShortcutLegend({ withCalls }: { withCalls: boolean }) {
  const { t } = useTranslation();
  return (
    <Box data-testid="intake-shortcuts">
      <List size="sm" spacing={2} listStyleType="none">
        {(Object.keys(INTAKE_SHORTCUTS) as IntakeShortcut[]).map((name) => (
          <List.Item key={name}>
            <ShortcutHint keys={INTAKE_SHORTCUTS[name].keys} />
            <VisuallyHidden>{INTAKE_SHORTCUTS[name].aria}</VisuallyHidden>
            <Text span size="sm"> — {t(`intake.shortcuts.${name}`)}</Text>
          </List.Item>
        ))}
        {withCalls ? (
          <List.Item>
            <ShortcutHint keys={CALL_SHORTCUTS.answer.keys} />
            <VisuallyHidden>{CALL_SHORTCUTS.answer.aria}</VisuallyHidden>
            <Text span size="sm"> — {t('intake.shortcuts.answer')}</Text>
          </List.Item>
        ) : null}
        <List.Item>
          <ShortcutHint keys={['?']} />
          <Text span size="sm"> — {t('intake.shortcuts.legend')}</Text>
        </List.Item>
      </List>
    </Box>
  );
}

/** `?` (outside text fields, with no dialog open) shows the intake's shortcuts. */
function useShortcutLegendKey(open: () => void): void {
  const latest = useRef(open);
  latest.current = open;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
