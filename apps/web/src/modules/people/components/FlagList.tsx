import type { FlagDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDate } from '@web/modules/i18n/format';
import { Alert, Badge, Button, Group, List, Stack, Text } from '@web/modules/ui';

const SEVERE = new Set(['do_not_call_back', 'at_risk']);

/** Flags in a table cell or a heading: short badges, the most serious in red. */
export function FlagBadges({ flags }: { flags: readonly FlagDto[] }) {
  const codes = useCodes();
  if (!flags.length) return null;
  const kinds = [...new Set(flags.map((flag) => flag.kind))];
  return (
    <Group gap={4} wrap="wrap" data-testid="flag-badges">
      {kinds.map((kind) => (
        <Badge key={kind} color={SEVERE.has(kind) ? 'red' : 'orange'} variant="filled" tt="none" styles={{ root: { minWidth: 'max-content' } }}>
          {codes.label('personFlagKind', kind)}
        </Badge>
      ))}
    </Group>
  );
}

interface FlagListProps {
  flags: readonly FlagDto[];
  /** Shown before the list, e.g. "This number is flagged". */
  title: string;
  onRemove?: (flag: FlagDto) => void;
  removingId?: string | null;
}

/**
 * Flags shown prominently (an alert, read out by screen readers when it appears): the
 * operator must see "do not call back" or "at risk" before anything else.
 */
export function FlagList({ flags, title, onRemove, removingId }: FlagListProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDate = useFormatDate();
  if (!flags.length) return null;
  const severe = flags.some((flag) => SEVERE.has(flag.kind));
  return (
    <Alert color={severe ? 'red' : 'orange'} variant="filled" role="alert" title={title} data-testid="flags">
      <List spacing={4} size="sm" c="white">
        {flags.map((flag) => (
          <List.Item key={flag.id}>
            <Stack gap={0}>
              <Group gap="xs" wrap="wrap">
                <Text fw={700} size="sm" c="white">
                  {codes.label('personFlagKind', flag.kind)}
                </Text>
                <Text size="sm" c="white">
                  — {flag.reason}
                </Text>
              </Group>
              <Text size="xs" c="white">
                {flag.on === 'phone' ? t('people.flags.onPhone') : t('people.flags.onPerson')}
                {flag.expiresAt ? ` · ${t('people.flags.until', { date: formatDate(flag.expiresAt) })}` : ''}
              </Text>
              {onRemove ? (
                <Group mt={4}>
                  <Button
                    size="compact-xs"
                    variant="white"
                    color="dark"
                    loading={removingId === flag.id}
                    onClick={() => onRemove(flag)}
                    aria-label={t('people.flags.removeNamed', { kind: codes.label('personFlagKind', flag.kind) })}
                  >
                    {t('people.flags.remove')}
                  </Button>
                </Group>
              ) : null}
            </Stack>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
