import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Anchor, ErrorAlert, Grid, LoadingState, Stack } from '@web/modules/ui';
import { useCase } from '../hooks/use-cases';
import { CaseAttachments } from './CaseAttachments';
import { CaseClient } from './CaseClient';
import { CaseConsents } from './CaseConsents';
import { CaseDetailsForm } from './CaseDetailsForm';
import { CasePlans } from './CasePlans';
import { CaseHeader } from './CaseHeader';
import { CaseLegalHold } from './CaseLegalHold';
import { CaseStatusControl } from './CaseStatusControl';
import { CaseTasks } from './CaseTasks';
import { CaseTeam } from './CaseTeam';
import { CaseTransfer } from './CaseTransfer';
import { CaseSectionNav } from './CaseSectionNav';
import classes from './case-workspace.module.css';
import { CaseTimeline } from './CaseTimeline';
import { CaseReferrals } from '@web/modules/referrals/components/CaseReferrals';
import { CaseCallbacks } from '@web/modules/callbacks/components/CaseCallbacks';

/** One case: header, status, referrals, callbacks, plans, timeline with notes, client, tasks, files, callbacks, consents, team, legal hold and the trafficking details. */
export function CaseWorkspace({ id }: { id: string }) {
  const { t } = useTranslation();
  const c = useCase(id);
  if (c.isPending) return <LoadingState />;
  if (c.isError) {
    return (
      <Stack>
        <ErrorAlert error={c.error} />
        <Anchor component={Link} to="/cases">
          {t('cases.backToList')}
        </Anchor>
      </Stack>
    );
  }
  return (
    <>
      <Anchor component={Link} to="/cases" size="sm" mb="xs" display="inline-block">
        {t('cases.backToList')}
      </Anchor>
      <CaseHeader c={c.data} />
      <CaseSectionNav />
      <Grid gap="md" className={classes.workspace}>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <CaseStatusControl c={c.data} />
            <CaseReferrals c={c.data} />
            <CaseCallbacks c={c.data} />
            <CasePlans c={c.data} />
            <CaseTimeline c={c.data} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <CaseClient c={c.data} />
            <CaseTasks c={c.data} />
            <CaseAttachments c={c.data} />
            <CaseConsents c={c.data} />
            <CaseTeam c={c.data} />
            <CaseTransfer c={c.data} />
            <CaseLegalHold c={c.data} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={12}>
          <CaseDetailsForm c={c.data} />
        </Grid.Col>
      </Grid>
    </>
  );
}
