import { CONTACT_CHANNELS, CONTACT_DIRECTIONS, RISK_LEVELS, isCriticalRisk } from '@mayak/domain';
import { useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Fieldset, Grid, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@web/modules/ui';
import type { IntakeValues } from '../types';

interface IntakeFormProps {
  values: IntakeValues;
  onChange: (patch: Partial<IntakeValues>) => void;
  onSubmit: () => void;
  phoneValid: boolean;
  /** Server and completion errors by field name. */
  errors: Record<string, string>;
  firstFieldRef: RefObject<HTMLInputElement | null>;
  categoryRef: RefObject<HTMLSelectElement | null>;
  /** The action bar, inside the form so Enter in a field saves (its Save button submits). */
  actions: ReactNode;
  /** Shown but not editable (the contact was handed to a colleague). */
  readOnly?: boolean;
}

/**
 * The call's details, in the order an operator asks for them. Native selects throughout:
 * they open with the keyboard, pick by typing the first letters, and screen readers know them.
 */
export function IntakeForm({ values, onChange, onSubmit, phoneValid, errors, firstFieldRef, categoryRef, actions, readOnly = false }: IntakeFormProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const [phoneTouched, setPhoneTouched] = useState(false);
  const phone = values.phone.trim();
  const masked = phone.includes('•');
  const phoneError = errors.phone ?? (phone && !masked && !phoneValid && phoneTouched ? t('intake.phoneInvalid') : undefined);
  const consentOptions = [
    { value: '', label: t('intake.consent.notAsked') },
    { value: 'yes', label: t('common.yes') },
    { value: 'no', label: t('common.no') },
  ];
  const select = <K extends keyof IntakeValues>(key: K) => ({
    value: values[key] as string,
    error: errors[key],
    onChange: (event: FormEvent<HTMLSelectElement>) => onChange({ [key]: event.currentTarget.value } as Partial<IntakeValues>),
  });

  // autocomplete off (the form and each text field): the browser then keeps no copy of what was
  // typed, neither as autofill suggestions nor in the form state it saves to disk to restore tabs.
  return (
    <form
      data-testid="intake-form"
      aria-label={t('intake.formLabel')}
      autoComplete="off"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!readOnly) onSubmit();
      }}
    >
      {/* A disabled fieldset disables every control inside it, natively. */}
      <fieldset disabled={readOnly} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
        <Stack gap="md">
          <Grid gap="md" align="flex-start">
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                ref={firstFieldRef}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                label={t('intake.phone')}
                description={masked ? t('intake.phoneMaskedHint') : t('intake.phoneHint')}
                name="phone"
                type="tel"
                inputMode="tel"
                autoComplete="off"
                value={values.phone}
                error={phoneError}
                onBlur={() => setPhoneTouched(true)}
                onChange={(event) => onChange({ phone: event.currentTarget.value })}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <NativeSelect
                label={t('intake.channel')}
                name="channel"
                data={CONTACT_CHANNELS.map((value) => ({ value, label: codes.label('contactChannel', value) }))}
                {...select('channel')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <NativeSelect
                label={t('intake.direction')}
                name="direction"
                data={CONTACT_DIRECTIONS.map((value) => ({ value, label: codes.label('contactDirection', value) }))}
                {...select('direction')}
              />
            </Grid.Col>
          </Grid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect label={t('intake.language')} name="language" data={codes.languageOptions(t('common.notChosen'))} {...select('language')} />
            <NativeSelect
              label={t('intake.callerType')}
              name="callerType"
              data={codes.withEmpty('callerType', t('common.notChosen'))}
              {...select('callerType')}
            />
            <NativeSelect
              ref={categoryRef}
              label={t('intake.category')}
              description={t('intake.categoryHint')}
              name="category"
              data={codes.withEmpty('contactCategory', t('common.notChosen'))}
              {...select('category')}
            />
            <NativeSelect
              label={t('intake.riskLevel')}
              description={t('intake.riskHint')}
              name="riskLevel"
              data={RISK_LEVELS.map((value) => ({ value, label: codes.label('riskLevel', value) }))}
              {...select('riskLevel')}
              styles={isCriticalRisk(values.riskLevel) ? { input: { borderColor: 'var(--mantine-color-red-7)', borderWidth: 2, fontWeight: 700 } } : undefined}
            />
          </SimpleGrid>
          <Fieldset legend={t('intake.consents')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NativeSelect label={t('intake.consentToRecord')} name="consentToRecord" data={consentOptions} {...select('consentToRecord')} />
              <NativeSelect label={t('intake.consentToRefer')} name="consentToRefer" data={consentOptions} {...select('consentToRefer')} />
              <NativeSelect label={t('intake.consentToContactBack')} name="consentToContactBack" data={consentOptions} {...select('consentToContactBack')} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
              <TextInput
                label={t('intake.safeContactTimes')}
                description={t('intake.safeContactTimesHint')}
                name="safeContactTimes"
                autoComplete="off"
                maxLength={300}
                value={values.safeContactTimes}
                error={errors.safeContactTimes}
                onChange={(event) => onChange({ safeContactTimes: event.currentTarget.value })}
              />
              <NativeSelect
                label={t('intake.safeContactMethod')}
                name="safeContactMethod"
                data={codes.withEmpty('contactMethod', t('common.notChosen'))}
                {...select('safeContactMethod')}
              />
            </SimpleGrid>
          </Fieldset>
          <Textarea
            label={t('intake.notes')}
            description={t('intake.notesHint')}
            name="notes"
            autoComplete="off"
            autosize
            minRows={8}
            maxRows={24}
            maxLength={10000}
            value={values.notes}
            error={errors.notes}
            onChange={(event) => onChange({ notes: event.currentTarget.value })}
          />
        </Stack>
      </fieldset>
      {/* Directly in the form, so a sticky bar can stay in view over the whole form's height. */}
      {actions}
    </form>
  );
}
