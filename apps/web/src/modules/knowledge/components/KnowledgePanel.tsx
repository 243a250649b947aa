import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@web/modules/i18n/format';
import { Box, Button, ErrorAlert, Group, LoadingState, notifySuccess, Paper, Stack, Text, Title } from '@web/modules/ui';
import { useArticles, useContactArticles, useMarkArticleUsed } from '../hooks/use-knowledge';
import { ArticleList } from './ArticleList';
import { articleQuery, ArticleSearch, type ArticleFilterValues } from './ArticleSearch';
import { ArticleView } from './ArticleView';

/**
 * The intake's knowledge side panel: search articles during the call, read one, and mark it
 * "used on this call" (kept on the contact); the articles used so far are listed.
 */
export function KnowledgePanel({ contactId }: { contactId: string | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [filters, setFilters] = useState<ArticleFilterValues>({ q: '', locale, tag: '' });
  const [q] = useDebouncedValue(filters.q.trim(), 300);
  const articles = useArticles({ limit: 5, offset: 0, ...articleQuery(filters, q) });
  const used = useContactArticles(contactId);
  const mark = useMarkArticleUsed(contactId);
  const [open, setOpen] = useState<string | null>(null);
  const isUsed = (id: string) => !!used.data?.some((article) => article.id === id);

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="knowledge-panel-title" data-testid="knowledge-panel">
      <Stack gap="xs">
        <Title order={2} size="h5" id="knowledge-panel-title">
          {t('knowledge.panelTitle')}
        </Title>
        <ArticleSearch compact values={filters} onChange={(patch) => setFilters((current) => ({ ...current, ...patch }))} />
        {articles.isPending ? (
          <LoadingState />
        ) : articles.isError ? (
          <ErrorAlert error={articles.error} />
        ) : (
          <ArticleList articles={articles.data.items} selected={open} onOpen={setOpen} testId="knowledge-panel-results" />
        )}
        {open ? (
          <ArticleView
            id={open}
            compact
            actions={
              <Stack gap={4}>
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant={isUsed(open) ? 'default' : 'light'}
                    disabled={!contactId || isUsed(open)}
                    loading={mark.isPending}
                    onClick={() => mark.mutate(open, { onSuccess: () => notifySuccess(t('knowledge.markedUsed')) })}
                  >
                    {isUsed(open) ? t('knowledge.usedAlready') : t('knowledge.useOnCall')}
                  </Button>
                  <Button size="xs" variant="subtle" onClick={() => setOpen(null)}>
                    {t('common.close')}
                  </Button>
                </Group>
                {!contactId ? (
                  <Text size="xs" c="dimmed">
                    {t('knowledge.startCallFirst')}
                  </Text>
                ) : null}
                <ErrorAlert error={mark.error} />
              </Stack>
            }
          />
        ) : null}
        {contactId ? (
          <Box>
            <Title order={3} size="h6">
              {t('knowledge.usedTitle')}
            </Title>
            {used.data?.length ? (
              <Box component="ul" data-testid="knowledge-used" style={{ margin: 0, paddingLeft: 16 }}>
                {used.data.map((article) => (
                  <li key={article.id}>
                    <Text size="sm">{article.title}</Text>
                  </li>
                ))}
              </Box>
            ) : (
              <Text size="xs" c="dimmed" data-testid="knowledge-used">
                {t('knowledge.noneUsed')}
              </Text>
            )}
          </Box>
        ) : null}
      </Stack>
    </Paper>
  );
}
