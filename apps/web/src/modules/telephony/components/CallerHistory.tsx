import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CaseStatusBadge, PriorityBadge } from '@web/modules/cases/labels';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { FlagBadges } from '@web/modules/people/components/FlagList';
import { Anchor, ErrorAlert, Group, List, Loader, Stack, Text } from '@web/modules/ui';
import { useCallCaller } from '../hooks/use-telephony';

/** How many earlier cases and contacts a ringing call shows before "and n more". */
const SHOWN = 3;

/**
 * The repeat-caller summary of a ringing call, read before anyone answers: flags first and
 * loud (do not call back, at risk), then the number's cases and earlier contacts, as far as
 * this user may see them.
 */
export function CallerHistory({ callId, headingId }: { callId: string; headingId: string }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const caller = useCallCaller(callId);

  let body;
  if (caller.isPending) {
    body = (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          {t('common.loading')}
        </Text>
      </Group>
    );
  } else if (caller.isError) {
    body = <ErrorAlert error={caller.error} />;
  } else if (!caller.data) {
    body = (
      <Text size="sm" c="dimmed">
        {t('telephony.caller.withheld')}
      </Text>
    );
  } else {
    const { flags, cases, contacts, people } = caller.data;
    body = (
      <Stack gap={4}>
        {flags.length ? (
          <Stack gap={2} role="note" aria-label={t('caller.flagged')} data-testid="caller-flags">
            <FlagBadges flags={flags} />
            {flags.map((flag) => (
              <Text key={flag.id} size="xs" fw={600} c="red.8">
                {codes.label('personFlagKind', flag.kind)} — {flag.reason}
              </Text>
            ))}
          </Stack>
        ) : null}
        {!cases.length && !contacts.length && !people.length ? (
          <Text size="sm" data-testid="caller-first-time">
            {t('caller.firstTime')}
          </Text>
        ) : null}
        {cases.length ? (
          <div>
            <Text size="xs" fw={600} c="dimmed">
              {t('telephony.caller.cases', { n: cases.length })}
            </Text>
            <List size="sm" spacing={2} listStyleType="none">
              {cases.slice(0, SHOWN).map((c) => (
                <List.Item key={c.id}>
                  <Group gap={6} wrap="wrap">
                    <Anchor component={Link} to={`/cases/${c.id}`} size="sm" ff="monospace" fw={600}>
                      {c.reference}
                    </Anchor>
                    <CaseStatusBadge status={c.status} />
                    <PriorityBadge priority={c.priority} />
                    {c.assignee ? (
                      <Text span size="xs" c="dimmed">
                        {c.assignee.displayName}
                      </Text>
                    ) : null}
                  </Group>
                </List.Item>
              ))}
            </List>
            {cases.length > SHOWN ? (
              <Text size="xs" c="dimmed">
                {t('telephony.caller.more', { n: cases.length - SHOWN })}
              </Text>
            ) : null}
          </div>
        ) : null}
        {contacts.length ? (
          <div>
            <Text size="xs" fw={600} c="dimmed">
              {t('telephony.caller.contacts', { n: contacts.length })}
            </Text>
            <List size="sm" spacing={2} listStyleType="none">
              {contacts.slice(0, SHOWN).map((contact) => (
                <List.Item key={contact.id}>
                  <Text size="sm">
                    <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm">
                      {formatDateTime(contact.startedAt)}
                    </Anchor>
                    {' · '}
                    {codes.label('contactCategory', contact.category)}
                    {contact.critical ? ` · ${codes.label('riskLevel', contact.riskLevel)}` : ''}
                    {contact.operator ? ` · ${contact.operator.displayName}` : ''}
                  </Text>
                </List.Item>
              ))}
            </List>
            {contacts.length > SHOWN ? (
              <Text size="xs" c="dimmed">
                {t('telephony.caller.more', { n: contacts.length - SHOWN })}
              </Text>
            ) : null}
          </div>
        ) : null}
      </Stack>
    );
  }

  return (
    <section aria-labelledby={headingId} data-testid="caller-history" data-loaded={caller.isSuccess || undefined}>
      <Text size="sm" fw={700} id={headingId} component="h3" m={0}>
        {t('caller.title')}
      </Text>
      {body}
    </section>
  );
}
