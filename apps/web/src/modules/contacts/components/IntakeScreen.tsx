import type { CaseSummaryDto } from '@mayak/api-client';
import { isCriticalRisk } from '@mayak/domain';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldErrorsOf } from '../../api/errors';
import { useSession } from '../../auth/hooks/use-session';
import { useCan } from '../../auth/hooks/use-can';
import { useFormatTime } from '../../i18n/format';
import {
  Alert, Anchor, Button, ConfirmDialog, ErrorAlert, Grid, Group, List, notifySuccess, PageHeader, Paper, ShortcutHint, Stack, Text, Title, VisuallyHidden,
} from '../../ui';
import { useIntake, type IntakeSession } from '../hooks/use-intake';
import { INTAKE_SHORTCUTS, useIntakeShortcuts, type IntakeShortcut } from '../shortcuts';
import { AutosaveStatus } from './AutosaveStatus';
import { CallerPanel } from './CallerPanel';
import { IntakeForm } from './IntakeForm';
import { OpenCaseDialog } from './OpenCaseDialog';
import { KnowledgePanel } from '../../knowledge/components/KnowledgePanel';

/** Intake for the signed-in user (the draft is kept per user). */
export function IntakeScreen() {
  const session = useSession();
  if (!session.data) return null;
  return <Intake key={session.data.user.id} userId={session.data.user.id} defaultOfficeId={session.data.user.offices[0]?.id ?? null} />;
}

function Intake({ userId, defaultOfficeId }: { userId: string; defaultOfficeId: string | null }) {
  const { t } = useTranslation();
  const can = useCan();
  const formatTime = useFormatTime();
  const intake = useIntake(userId);
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
  const critical = isCriticalRisk(intake.values.riskLevel);
  const canOpenCase = can('cases.contribute');

  // The operator starts typing at once: the first field has focus on arrival.
  useEffect(() => {
    firstFieldRef.current?.focus();
  }, []);

  const focusFirst = () => window.setTimeout(() => firstFieldRef.current?.focus(), 0);

  const save = () => {
    setActionError(null);
    void intake.saveNow().catch(() => undefined);
  };

  const complete = async () => {
    if (completing) return;
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
    if (!canOpenCase) return;
    if (intake.caseLink) {
      setAnnouncement(t('intake.alreadyLinked', { reference: intake.caseLink.reference ?? '' }));
      caseLinkRef.current?.focus();
      return;
    }
    setActionError(null);
    setOpeningCase(true);
  };

  const startNew = () => {
    if (intake.hasContent) setConfirmNew(true);
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
    openingCase || confirmNew,
  );

  const errors = { ...fieldErrorsOf(t, intake.saveError), ...(categoryError ? { category: categoryError } : {}) };

  return (
    <>
      <PageHeader
        title={intake.contactId ? t('intake.titleInProgress') : t('intake.title')}
        actions={<AutosaveStatus state={intake.saveState} savedAt={intake.savedAt} error={intake.saveError} hasContact={!!intake.contactId} />}
      />
      <Stack gap="md">
        <Text size="sm" role="status" aria-live="polite" style={{ position: 'absolute', left: -10000, width: 1, height: 1, overflow: 'hidden' }}>
          {announcement}
        </Text>
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
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
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
              actions={
                <IntakeActions
                  intake={intake}
                  canOpenCase={canOpenCase}
                  completing={completing}
                  openCaseButtonRef={openCaseButtonRef}
                  caseLinkRef={caseLinkRef}
                  onOpenCase={openCase}
                  onComplete={() => void complete()}
                  onNew={startNew}
                />
              }
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="md">
              <CallerPanel
                phone={intake.values.phone}
                e164={intake.phoneE164}
                current={intake.contact}
                currentId={intake.contactId}
                linkedCaseId={intake.caseLink?.id ?? null}
                onLinkCase={(c) => intake.linkCase(c.id)}
                onLinkPerson={(personId) => intake.linkPerson(personId)}
              />
              {can('knowledge.read') ? <KnowledgePanel contactId={intake.contactId} /> : null}
            </Stack>
          </Grid.Col>
        </Grid>
        <ShortcutLegend />
      </Stack>
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
          void intake.startNew().then(() => {
            setAnnouncement(t('intake.newContact.started'));
            focusFirst();
          });
        }}
      />
    </>
  );
}

interface IntakeActionsProps {
  intake: IntakeSession;
  canOpenCase: boolean;
  completing: boolean;
  openCaseButtonRef: React.RefObject<HTMLButtonElement | null>;
  caseLinkRef: React.RefObject<HTMLAnchorElement | null>;
  onOpenCase: () => void;
  onComplete: () => void;
  onNew: () => void;
}

function IntakeActions({ intake, canOpenCase, completing, openCaseButtonRef, caseLinkRef, onOpenCase, onComplete, onNew }: IntakeActionsProps) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" bg="var(--mantine-color-gray-light)">
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
          <Button variant="default" onClick={onNew} aria-keyshortcuts={INTAKE_SHORTCUTS.newContact.aria} rightSection={<ShortcutHint keys={INTAKE_SHORTCUTS.newContact.keys} />}>
            {t('intake.newContact.button')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ShortcutLegend() {
  const { t } = useTranslation();
  return (
    <Paper p="sm" withBorder component="section" aria-labelledby="intake-shortcuts" data-testid="intake-shortcuts">
      <Title order={2} size="h6" id="intake-shortcuts" mb={4}>{t('intake.shortcuts.title')}</Title>
      <List size="sm" spacing={2} listStyleType="none">
        {(Object.keys(INTAKE_SHORTCUTS) as IntakeShortcut[]).map((name) => (
          <List.Item key={name}>
            <ShortcutHint keys={INTAKE_SHORTCUTS[name].keys} />
            <VisuallyHidden>{INTAKE_SHORTCUTS[name].aria}</VisuallyHidden>
            <Text span size="sm"> — {t(`intake.shortcuts.${name}`)}</Text>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}
