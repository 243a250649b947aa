import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Option, OptionGroup } from '@web/modules/i18n/codes';
import { Button, Group, NativeSelect, Stack, Text } from '@web/modules/ui';

interface CodeListPickerProps {
  /** The field's label, e.g. "Citizenship". */
  label: string;
  value: string[];
  onChange: (value: string[]) => void;
  /** Options as the code hooks give them, the empty first one included ("Choose…"). */
  options: (Option | OptionGroup)[];
  /** The name of a chosen code. */
  labelOf: (code: string) => string;
  max: number;
  disabled?: boolean;
  error?: string;
  testId?: string;
}

/**
 * Several codes of a long list (countries, languages) with native controls only: the chosen ones
 * are listed, each with its own Remove button, and a native select with an Add button adds one.
 * Keyboard and screen readers handle both without a custom widget.
 */
export function CodeListPicker({ label, value, onChange, options, labelOf, max, disabled, error, testId }: CodeListPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const chosen = new Set(value);
  const left = options
    .map((option) => ('group' in option ? { ...option, items: option.items.filter((item) => !chosen.has(item.value)) } : option))
    .filter((option) => !('group' in option) || option.items.length > 0);
  const full = value.length >= max;
  // Chosen first, then added with the button: a closed native select changes on every arrow key.
  const [pending, setPending] = useState('');
  const add = () => {
    if (pending && !chosen.has(pending) && !full) onChange([...value, pending]);
    setPending('');
  };
  return (
    <Stack gap={4} role="group" aria-labelledby={`${id}-label`} data-testid={testId}>
      <Text id={`${id}-label`} size="sm" style={{ fontWeight: 'var(--mantine-font-weight-medium)' }}>
        {label}
      </Text>
      {value.length ? (
        <Group gap={6} wrap="wrap" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {value.map((code) => (
            <li key={code}>
              <Group gap={2} wrap="nowrap">
                <Text size="sm">{labelOf(code)}</Text>
                {!disabled ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="gray"
                    aria-label={t('people.details.removeCode', { name: labelOf(code) })}
                    onClick={() => onChange(value.filter((v) => v !== code))}
                  >
                    ×
                  </Button>
                ) : null}
              </Group>
            </li>
          ))}
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {t('people.details.noneChosen')}
        </Text>
      )}
      {!disabled ? (
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <NativeSelect
            aria-label={t('people.details.chooseCode', { field: label })}
            value={pending}
            disabled={full}
            description={full ? t('people.details.atMost', { n: max }) : undefined}
            error={error}
            data={left}
            onChange={(event) => setPending(event.currentTarget.value)}
            style={{ flex: 1, minWidth: 0 }}
          />
          <Button variant="default" disabled={full || !pending} onClick={add} aria-label={t('people.details.addCode', { field: label })}>
            {t('people.details.add')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
