import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { ErrorAlert, List, Loader, Text, VisuallyHidden } from '@web/modules/ui';
import { usePersonCorrections } from '../hooks/use-person-governance';

const KNOWN_ACTIONS = [
  'people.created',
  'people.updated',
  'people.identifier_added',
  'people.identifier_removed',
  'people.merged',
  'people.merge_undone',
  'flags.added',
  'flags.removed',
];

/** The field names or kinds a correction changed (`changed.changed`), never their values. */
function changedFields(changed: Record<string, unknown>): string[] {
  const inner = changed['changed'];
  if (Array.isArray(inner)) return inner.map(String);
  if (inner && typeof inner === 'object') return Object.keys(inner);
  return [];
}

/** A person's correction log: each change to their record, newest first, with who made it. */
export function CorrectionLog({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const log = usePersonCorrections(personId);
  if (log.isPending)
    return (
      <span role="status">
        <Loader size="xs" aria-hidden="true" />
        <VisuallyHidden>{t('common.loading')}</VisuallyHidden>
      </span>
    );
  if (log.isError) return <ErrorAlert error={log.error} />;
  const items = log.data.items;
  return (
    <div data-testid="corrections-log" data-count={items.length}>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('people.corrections.empty')}
        </Text>
      ) : (
        <List size="sm" spacing={4} listStyleType="none" m={0} p={0}>
          {items.map((item, index) => {
            const fields = changedFields(item.changed as Record<string, unknown>);
            const action = KNOWN_ACTIONS.includes(item.action) ? t(`people.corrections.actions.${item.action.replace(/\./g, '_')}`) : item.action;
            return (
              <List.Item key={`${item.at}-${index}`} data-action={item.action}>
                <Text span size="sm" fw={500}>
                  {action}
                </Text>
                <Text span size="xs" c="dimmed">
                  {' · '}
                  {formatDateTime(item.at)} {t('people.corrections.by', { name: item.by ?? t('people.corrections.system') })}
                </Text>
                {fields.length ? (
                  <Text size="xs" c="dimmed">
                    {t('people.corrections.fields', { fields: fields.join(', ') })}
                  </Text>
                ) : null}
              </List.Item>
            );
          })}
        </List>
      )}
    </div>
  );
}
