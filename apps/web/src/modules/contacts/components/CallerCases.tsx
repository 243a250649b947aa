import type { CaseSummaryDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { CaseStatusBadge, PriorityBadge } from '@web/modules/cases/labels';
import { useCodes } from '@web/modules/i18n/codes';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@web/modules/ui';
import { caseLinkKey } from './caller-panel';

interface CallerCasesProps {
  cases: CaseSummaryDto[];
  linkedCaseId: string | null;
  linking: string | null;
  onLinkCase: (c: CaseSummaryDto) => void;
}

/** The caller's cases: each can take this contact while it belongs to none. */
export function CallerCases({ cases, linkedCaseId, linking, onLinkCase }: CallerCasesProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" component="section" aria-labelledby="caller-cases">
      <Title order={3} size="h5" id="caller-cases">
        {t('caller.cases')}
      </Title>
      {cases.map((c) => (
        <CallerCase key={c.id} c={c} linkedCaseId={linkedCaseId} linking={linking} onLinkCase={onLinkCase} />
      ))}
    </Stack>
  );
}

function CallerCase({ c, linkedCaseId, linking, onLinkCase }: { c: CaseSummaryDto } & Omit<CallerCasesProps, 'cases'>) {
  const { t } = useTranslation();
  const can = useCan();
  const codes = useCodes();
  return (
    <Paper withBorder p="xs" data-testid="caller-case">
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <Anchor component={Link} to={`/cases/${c.id}`} fw={600} ff="monospace">
            {c.reference}
          </Anchor>
          <CaseStatusBadge status={c.status} />
          <PriorityBadge priority={c.priority} />
        </Group>
        <Text size="sm">
          {codes.label('caseType', c.type)}
          {c.personName ? ` · ${c.personName}` : ''}
          {` · ${c.assignee ? c.assignee.displayName : t('cases.unassigned')}`}
        </Text>
        {linkedCaseId === c.id ? (
          <Badge color="green" variant="light" tt="none">
            {t('caller.linkedToThis')}
          </Badge>
        ) : !linkedCaseId && can('contacts.write') && can('cases.contribute') ? (
          <Group>
            <Button
              size="xs"
              variant="light"
              loading={linking === caseLinkKey(c.id)}
              onClick={() => onLinkCase(c)}
              aria-label={t('caller.linkToCase', { reference: c.reference })}
            >
              {t('caller.linkHere')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
