import type { ConversationDto } from '@mayak/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { useOperators } from '@web/modules/telephony/hooks/use-telephony';
import { Button, ErrorAlert, Group, NativeSelect, Text } from '@web/modules/ui';
import { useAssignConversation, useClaimConversation } from '../hooks/use-conversations';

/**
 * Who is answering the conversation: nobody yet (Take it), me, or a colleague. The one who
 * holds it, anyone when nobody does, or a supervisor hands it to a colleague of the office.
 */
export function HolderBar({
  conversationId,
  holder,
  userId,
  supervises,
}: {
  conversationId: string;
  holder: ConversationDto['holder'];
  officeId: string;
  userId: string;
  supervises: boolean;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  const claim = useClaimConversation(conversationId);
  const assign = useAssignConversation(conversationId);
  const mayMove = !holder || holder.id === userId || supervises;
  const operators = useOperators(mayMove);
  const [target, setTarget] = useState('');
  const colleagues = (operators.data ?? []).filter((o) => o.user.id !== holder?.id);

  return (
    <Group gap="sm" wrap="wrap" align="flex-end" data-testid="conversation-holder" data-holder={holder?.id ?? ''}>
      <Text size="sm" fw={600}>
        {!holder
          ? t('conversations.holder.nobody')
          : holder.id === userId
            ? t('conversations.holder.me')
            : t('conversations.holder.other', { name: holder.displayName })}
      </Text>
      {!holder || (holder.id !== userId && supervises) ? (
        <Button size="compact-sm" variant="light" loading={claim.isPending} onClick={() => claim.mutate()} data-testid="conversation-claim">
          {t('conversations.holder.take')}
        </Button>
      ) : null}
      {mayMove ? (
        <form
          noValidate
          aria-label={t('conversations.holder.handOver')}
          onSubmit={(event) => {
            event.preventDefault();
            if (target) assign.mutate(target, { onSuccess: () => setTarget('') });
          }}
          style={{ display: 'flex', gap: 8, alignItems: 'flex-end', flexWrap: 'wrap' }}
        >
          <NativeSelect
            size="xs"
            label={t('conversations.holder.colleague')}
            value={target}
            onChange={(event) => setTarget(event.currentTarget.value)}
            data-testid="conversation-assignee"
            data={[
              { value: '', label: t('common.choose') },
              ...colleagues.map((o) => ({ value: o.user.id, label: `${o.user.displayName} (${codes.label('presenceStatus', o.status)})` })),
            ]}
          />
          <Button size="compact-sm" type="submit" variant="default" disabled={!target} loading={assign.isPending} data-testid="conversation-assign">
            {t('conversations.holder.handOver')}
          </Button>
        </form>
      ) : null}
      <ErrorAlert error={claim.error ?? assign.error} />
    </Group>
  );
}
