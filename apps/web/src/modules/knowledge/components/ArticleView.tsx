import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Badge, ErrorAlert, Group, LoadingState, Paper, Stack, Text, Title } from '@web/modules/ui';
import { useOrganisation } from '@web/modules/directory/hooks/use-directory';
import { useArticle } from '../hooks/use-knowledge';
import { ArticleFiles } from './ArticleFiles';
import { MarkdownView } from './MarkdownView';

function LinkedOrganisation({ id }: { id: string }) {
  const organisation = useOrganisation(id);
  if (!organisation.data) return null;
  const o = organisation.data;
  return (
    <Text size="sm">
      {o.name}
      {o.phone ? ` · ${o.phone}` : ''}
    </Text>
  );
}

/** One article: title, tags, the body (Markdown as plain React elements) and the organisations it points to. */
export function ArticleView({
  id,
  actions,
  compact,
  canManageFiles = false,
}: {
  id: string;
  actions?: ReactNode;
  compact?: boolean;
  canManageFiles?: boolean;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const article = useArticle(id);
  if (article.isPending) return <LoadingState />;
  if (article.isError) return <ErrorAlert error={article.error} />;
  const a = article.data;
  return (
    <Paper withBorder p={compact ? 'sm' : 'md'} component="article" aria-labelledby={`article-${a.id}-title`} data-testid="article-view">
      <Stack gap="xs">
        <Title order={2} size={compact ? 'h5' : 'h3'} id={`article-${a.id}-title`}>
          {a.title}
        </Title>
        <Group gap="xs" wrap="wrap">
          {!a.published ? (
            <Badge color="gray" variant="light" tt="none">
              {t('knowledge.draft')}
            </Badge>
          ) : null}
          {a.tags.map((tag) => (
            <Badge key={tag} variant="outline" tt="none">
              #{tag}
            </Badge>
          ))}
          <Text size="xs" c="dimmed">
            {t('knowledge.updatedAt', { time: formatDateTime(a.updatedAt) })}
          </Text>
        </Group>
        {actions}
        <MarkdownView markdown={a.body} headingOffset={3} />
        {a.organisationIds.length ? (
          <Stack gap={2}>
            <Title order={3} size="h6">
              {t('knowledge.organisations')}
            </Title>
            {a.organisationIds.map((organisationId) => (
              <LinkedOrganisation key={organisationId} id={organisationId} />
            ))}
          </Stack>
        ) : null}
        <ArticleFiles articleId={a.id} canManage={canManageFiles} />
      </Stack>
    </Paper>
  );
}
