import { useForm } from '@mantine/form';
import type { PersonDto } from '@mayak/api-client';
import { IDENTIFIER_KINDS, PERSON_LIMITS, type IdentifierKind } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, Dialog, ErrorAlert, Group, NativeSelect, notifySuccess, Paper, Stack, Text, TextInput, Title } from '@web/modules/ui';
import { useDialogForm } from '@web/modules/ui/use-dialog-form';
import { useAddIdentifier, useRemoveIdentifier, type IdentifierDto, type NewIdentifier } from '../hooks/use-people';
import { identifierText } from '../person-text';
import { ProblemAlert } from './ProblemAlert';

interface PersonIdentifiersProps {
  person: PersonDto;
  /** The identifiers as revealed for this view, if the user asked. */
  shown: readonly IdentifierDto[];
  canChange: boolean;
}

/**
 * Phone numbers, e-mail, messenger ids, documents and addresses: masked as the API masks them.
 * Adding one that is already there changes nothing; removing one asks first (it is gone from the
 * record; the correction log keeps that it was removed, never the value).
 */
export function PersonIdentifiers({ person, shown, canChange }: PersonIdentifiersProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const add = useAddIdentifier(person.id);
  const remove = useRemoveIdentifier(person.id);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<IdentifierDto | null>(null);
  const nameOf = (identifier: IdentifierDto) => `${codes.label('identifierKind', identifier.kind)} ${identifierText(identifier)}`;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="person-identifiers-title" data-testid="person-identifiers-section">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4" id="person-identifiers-title">
            {t('people.identifiers.title')}
          </Title>
          {canChange ? (
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                add.reset();
                setAdding(true);
              }}
              data-testid="identifier-add"
            >
              {t('people.identifiers.add')}
            </Button>
          ) : null}
        </Group>
        {shown.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('people.identifiers.none')}
          </Text>
        ) : (
          <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }} data-testid="person-identifiers">
            {shown.map((identifier) => (
              <li key={identifier.id} data-kind={identifier.kind} data-testid="person-identifier">
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                    <Text span size="sm" c="dimmed">
                      {codes.label('identifierKind', identifier.kind)}
                      {identifier.label ? ` (${identifier.label})` : ''}:{' '}
                    </Text>
                    <Text span size="sm" ff="monospace">
                      {identifierText(identifier)}
                    </Text>
                  </Text>
                  {canChange ? (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      data-testid="identifier-remove"
                      aria-label={t('people.identifiers.removeNamed', { name: nameOf(identifier) })}
                      onClick={() => {
                        remove.reset();
                        setRemoving(identifier);
                      }}
                    >
                      {t('people.identifiers.remove')}
                    </Button>
                  ) : null}
                </Group>
              </li>
            ))}
          </Stack>
        )}
      </Stack>
      <AddIdentifierDialog
        opened={adding}
        loading={add.isPending}
        error={add.error}
        onClose={() => setAdding(false)}
        onSubmit={(body) =>
          add.mutate(body, {
            onSuccess: () => {
              setAdding(false);
              notifySuccess(t('people.identifiers.added'));
            },
          })
        }
      />
      <Dialog opened={removing !== null} onClose={() => setRemoving(null)} title={t('people.identifiers.removeTitle')} size="md">
        <Stack>
          <Text>{removing ? t('people.identifiers.removeMessage', { name: nameOf(removing) }) : null}</Text>
          <ProblemAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              data-autofocus
              data-testid="identifier-remove-confirm"
              onClick={() =>
                removing &&
                remove.mutate(removing.id, {
                  onSuccess: () => {
                    setRemoving(null);
                    notifySuccess(t('people.identifiers.removed'));
                  },
                })
              }
            >
              {t('people.identifiers.remove')}
            </Button>
          </Group>
        </Stack>
      </Dialog>
    </Paper>
  );
}

interface AddIdentifierDialogProps {
  opened: boolean;
  loading: boolean;
  error: unknown;
  onSubmit: (body: NewIdentifier) => void;
  onClose: () => void;
}

/** Kind, value (a number in any common format) and an optional label such as "sister's phone". */
function AddIdentifierDialog({ opened, loading, error, onSubmit, onClose }: AddIdentifierDialogProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const form = useForm({
    initialValues: { kind: IDENTIFIER_KINDS[0] as IdentifierKind, value: '', label: '' },
    validate: { value: (value) => (value.trim() ? null : t('fieldErrors.required')) },
  });
  useDialogForm(form, opened, error);

  return (
    <Dialog opened={opened} onClose={onClose} title={t('people.identifiers.addTitle')} size="md">
      <form
        noValidate
        data-testid="identifier-form"
        onSubmit={form.onSubmit((values) =>
          onSubmit({ kind: values.kind, value: values.value.trim(), ...(values.label.trim() ? { label: values.label.trim() } : {}) }),
        )}
      >
        <Stack>
          <ErrorAlert error={error} />
          <NativeSelect label={t('people.identifiers.kind')} data={codes.options('identifierKind')} data-autofocus {...form.getInputProps('kind')} />
          <TextInput
            label={t('people.identifiers.value')}
            description={form.values.kind === 'phone' ? t('people.identifiers.phoneHint') : undefined}
            required
            autoComplete="off"
            maxLength={PERSON_LIMITS.identifierValueMax}
            {...form.getInputProps('value')}
          />
          <TextInput
            label={t('people.identifiers.label')}
            description={t('people.identifiers.labelHint')}
            maxLength={PERSON_LIMITS.identifierLabelMax}
            {...form.getInputProps('label')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={loading} data-testid="identifier-submit">
              {t('people.identifiers.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
