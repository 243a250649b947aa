import { isCriticalRisk } from '@mayak/domain';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { ConfirmDialog, Dialog, ErrorAlert, Grid, LoadingState, Stack, Text } from '@web/modules/ui';
import { ScheduleCallbackDialog } from '@web/modules/callbacks/components/ScheduleCallbackDialog';
import { IntakeCallBar } from '@web/modules/telephony/components/IntakeCallBar';
import { useIntake } from '../hooks/use-intake';
import { useIntakeCall } from '../hooks/use-intake-call';
import { useIntakeCommands } from '../hooks/use-intake-commands';
import { useRestoredDraft } from '../hooks/use-restored-draft';
import type { IntakeDraft } from '../intake-draft';
import { useShortcutLegendKey } from '../shortcuts';
import { IntakeActions } from './IntakeActions';
import { IntakeCallerColumn } from './IntakeCallerColumn';
import { IntakeForm } from './IntakeForm';
import { IntakeHeader } from './IntakeHeader';
import { CriticalRiskBanner, IntakeDraftNotice, IntakeReleasedNotice } from './IntakeNotices';
import { IntakeShortcutLegend } from './IntakeShortcutLegend';
import { OpenCaseDialog } from './OpenCaseDialog';

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

/** One call's intake: the header, the call bar, notices, the form with its actions, the caller column and the dialogs. */
function Intake({ userId, defaultOfficeId, pendingContactId, restored }: IntakeProps & { restored: IntakeDraft | null }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const contactParam = searchParams.get('contact');
  const callParam = searchParams.get('call');
  const intake = useIntake(userId, pendingContactId, restored);
  const answersCalls = can('telephony.answer');
  const firstFieldRef = useRef<HTMLInputElement>(null);
  const [showingShortcuts, setShowingShortcuts] = useState(false);
  useShortcutLegendKey(() => setShowingShortcuts(true));
  const critical = isCriticalRisk(intake.values.riskLevel);
  const released = intake.released;

  // The operator starts typing at once: the first field has focus on arrival (and once the
  // contact of an answered call has been read).
  useEffect(() => {
    if (!intake.loading) firstFieldRef.current?.focus();
  }, [intake.loading]);

  // Each arrival at /intake?contact=… (answering, or opening a call handed to me) continues that contact.
  const handledKey = useRef<string | null>(null);
  useEffect(() => {
    if (handledKey.current === location.key) return;
    handledKey.current = location.key;
    if (contactParam) void intake.loadContact(contactParam, callParam);
    else if (callParam) intake.attachCall(callParam);
  }, [location.key]);

  // The call leaving me (handed to a colleague, or back to the queue) releases the contact.
  const { call, handOver } = useIntakeCall(intake, userId, answersCalls);

  const commands = useIntakeCommands(intake, {
    canOpenCase: can('cases.contribute'),
    focusFirst: () => window.setTimeout(() => firstFieldRef.current?.focus(), 0),
    // Back to an empty form, and the address without the finished call's contact.
    clearAddress: () => {
      if (contactParam || callParam) void navigate('/intake', { replace: true });
    },
  });
  const { refs } = commands;

  return (
    <>
      <IntakeHeader intake={intake} onShowShortcuts={() => setShowingShortcuts(true)} />
      <Stack gap="md">
        <Text size="sm" role="status" aria-live="polite" style={{ position: 'absolute', left: -10000, width: 1, height: 1, overflow: 'hidden' }}>
          {commands.announcement}
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
        <IntakeReleasedNotice released={released} onStartFresh={commands.startFresh} />
        <ErrorAlert error={intake.loadError} />
        <IntakeDraftNotice intake={intake} />
        {critical ? <CriticalRiskBanner notified={!!intake.contact?.critical} /> : null}
        <ErrorAlert error={commands.actionError} />
        {intake.loading ? (
          <LoadingState />
        ) : (
          // From 992 px wide the caller's flags and history stay beside the form, and in view while it scrolls.
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <IntakeForm
                values={intake.values}
                onChange={commands.change}
                onSubmit={commands.save}
                phoneValid={intake.phoneValid}
                errors={commands.fieldErrors}
                firstFieldRef={firstFieldRef}
                categoryRef={refs.categoryRef}
                readOnly={!!released}
                actions={
                  <IntakeActions
                    intake={intake}
                    canOpenCase={can('cases.contribute')}
                    canScheduleCallback={can('callbacks.write')}
                    completing={commands.completing}
                    openCaseButtonRef={refs.openCaseButtonRef}
                    caseLinkRef={refs.caseLinkRef}
                    scheduleButtonRef={refs.scheduleButtonRef}
                    onOpenCase={commands.openCase}
                    onComplete={() => void commands.complete()}
                    onNew={commands.startNew}
                    onScheduleCallback={() => void commands.scheduleCallback()}
                  />
                }
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <IntakeCallerColumn intake={intake} answersCalls={answersCalls} />
            </Grid.Col>
          </Grid>
        )}
      </Stack>
      <Dialog opened={showingShortcuts} onClose={() => setShowingShortcuts(false)} title={t('intake.shortcuts.title')} size="md">
        <IntakeShortcutLegend withCalls={answersCalls} />
      </Dialog>
      <OpenCaseDialog
        opened={commands.openingCase}
        officeId={intake.contact?.officeId ?? defaultOfficeId}
        category={intake.values.category}
        critical={critical}
        onClose={commands.closeOpenCase}
        onOpen={intake.openCase}
        onOpened={commands.caseOpened}
      />
      <ConfirmDialog
        opened={commands.confirmNew}
        title={t('intake.newContact.title')}
        message={t('intake.newContact.message')}
        confirmLabel={t('intake.newContact.confirm')}
        onClose={commands.cancelStartNew}
        onConfirm={commands.confirmStartNew}
      />
      <ScheduleCallbackDialog opened={!!commands.scheduling} target={commands.scheduling} onClose={commands.closeScheduling} />
    </>
  );
}
