import { useDebouncedValue } from '@mantine/hooks';
import { QUICK_REPLY_LANGUAGES, rankQuickReplies, type MenuLanguage } from '@mayak/domain';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { useLocale } from '@web/modules/i18n/format';
import { Box, Dialog, ErrorAlert, Group, LoadingState, NativeSelect, Stack, Text, TextInput } from '@web/modules/ui';
import { PICKER_LIMIT, useQuickReplies } from '../hooks/use-quick-replies';

/**
 * Finds a quick reply by keyboard and hands its text back: type to filter (titles first),
 * ↑/↓ to move, Enter to insert, Esc to go back to the message. A listbox with the search box
 * as its combobox, so screen readers follow the highlighted reply.
 */
export function QuickReplyPicker({
  opened,
  officeId,
  onPick,
  onClose,
}: {
  opened: boolean;
  officeId: string;
  onPick: (text: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  const locale = useLocale();
  const listId = useId();
  const [language, setLanguage] = useState<MenuLanguage>(QUICK_REPLY_LANGUAGES.includes(locale) ? locale : 'ru');
  const [text, setText] = useState('');
  const [typed] = useDebouncedValue(text, 100);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const replies = useQuickReplies({ limit: PICKER_LIMIT, offset: 0, officeId, language }, opened);
  const shown = rankQuickReplies(replies.data?.items ?? [], typed);

  useEffect(() => {
    if (opened) {
      setText('');
      setActive(0);
    }
  }, [opened]);
  useEffect(() => setActive(0), [typed, language]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, Math.max(shown.length - 1, 0)));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = shown[active];
      if (chosen) onPick(chosen.body);
    }
  };

  return (
    <Dialog opened={opened} onClose={onClose} title={t('quickReplies.pickTitle')} size="lg">
      <Stack gap="sm" data-testid="quick-reply-picker">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            ref={input}
            data-autofocus
            label={t('quickReplies.search')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={onKeyDown}
            autoComplete="off"
            role="combobox"
            aria-expanded
            aria-controls={listId}
            aria-activedescendant={shown[active] ? `${listId}-${shown[active].id}` : undefined}
            data-testid="quick-reply-search"
            style={{ flex: 1 }}
          />
          <NativeSelect
            label={t('quickReplies.language')}
            value={language}
            data={QUICK_REPLY_LANGUAGES.map((value) => ({ value, label: codes.language(value) }))}
            onChange={(e) => setLanguage(e.currentTarget.value as MenuLanguage)}
            data-testid="quick-reply-language"
          />
        </Group>
        <Text size="xs" c="dimmed">
          {t('quickReplies.pickHint')}
        </Text>
        {replies.isPending ? (
          <LoadingState />
        ) : replies.isError ? (
          <ErrorAlert error={replies.error} />
        ) : shown.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('quickReplies.none')}
          </Text>
        ) : (
          <Box
            component="ul"
            id={listId}
            role="listbox"
            aria-label={t('quickReplies.title')}
            m={0}
            p={0}
            style={{ listStyle: 'none', maxHeight: '50vh', overflowY: 'auto' }}
          >
            {shown.map((reply, index) => (
              // The search box keeps the focus (a combobox); a pointer picks an option directly.
              <Box
                component="li"
                key={reply.id}
                id={`${listId}-${reply.id}`}
                role="option"
                aria-selected={index === active}
                onClick={() => onPick(reply.body)}
                onMouseEnter={() => setActive(index)}
                data-testid="quick-reply-option"
                p="xs"
                bg={index === active ? 'var(--mantine-primary-color-light)' : undefined}
                style={{ borderRadius: 'var(--mantine-radius-sm)', cursor: 'pointer' }}
              >
                <Text size="sm" fw={700}>
                  {reply.title}
                </Text>
                <Text size="sm" lineClamp={2}>
                  {reply.body}
                </Text>
              </Box>
            ))}
          </Box>
        )}
      </Stack>
    </Dialog>
  );
}
