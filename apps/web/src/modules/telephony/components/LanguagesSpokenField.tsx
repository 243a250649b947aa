import { MENU_LANGUAGES, type MenuLanguage } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Checkbox, Group } from '@web/modules/ui';

/** The languages someone speaks on calls: a waiting call in one of them rings for them first. */
export function LanguagesSpokenField({
  value,
  onChange,
  error,
}: {
  value: MenuLanguage[];
  onChange: (languages: MenuLanguage[]) => void;
  error?: string | null;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  return (
    <Checkbox.Group
      label={t('telephony.languages.label')}
      description={t('telephony.languages.hint')}
      value={value}
      onChange={(languages) => onChange(MENU_LANGUAGES.filter((l) => languages.includes(l)))}
      error={error}
      data-testid="languages-spoken"
    >
      <Group mt="xs" gap="md">
        {MENU_LANGUAGES.map((language) => (
          <Checkbox key={language} value={language} label={codes.language(language)} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}
