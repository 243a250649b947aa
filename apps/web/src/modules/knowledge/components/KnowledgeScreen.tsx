import { useDebouncedValue } from '@mantine/hooks';
import type { ArticleDto } from '@mayak/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useLocale } from '@web/modules/i18n/format';
import { Button, ErrorAlert, Grid, Group, LoadingState, notifySuccess, PageHeader, Pager, Stack, Text, usePagination } from '@web/modules/ui';
import { useArticle, useArticles } from '../hooks/use-knowledge';
import { ArticleFormDialog } from './ArticleFormDialog';
import { ArticleList } from './ArticleList';
import { articleQuery, ArticleSearch, type ArticleFilterValues } from './ArticleSearch';
import { ArticleView } from './ArticleView';

/** The knowledge base: search, read; editors (knowledge.manage) write and edit, drafts included. */
export function KnowledgeScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const locale = useLocale();
  const canManage = can('knowledge.manage');
  const pagination = usePagination();
  const [filters, setFilters] = useState<ArticleFilterValues>({ q: '', locale, tag: '' });
  const [q] = useDebouncedValue(filters.q.trim(), 300);
  const articles = useArticles({
    limit: pagination.limit,
    offset: pagination.offset,
    ...articleQuery(filters, q),
    ...(canManage ? { includeDrafts: true } : {}),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const selectedArticle = useArticle(selected);
  const [editing, setEditing] = useState<{ article: ArticleDto | null } | null>(null);

  return (
    <>
      <PageHeader
        title={t('knowledge.title')}
        actions={
          canManage ? (
            <Button onClick={() => setEditing({ article: null })} data-testid="article-create">
              {t('knowledge.create')}
            </Button>
          ) : null
        }
      />
      <Stack gap="md">
        <ArticleSearch
          values={filters}
          onChange={(patch) => {
            setFilters((current) => ({ ...current, ...patch }));
            pagination.reset();
          }}
        />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5 }}>
            {articles.isPending ? (
              <LoadingState />
            ) : articles.isError ? (
              <ErrorAlert error={articles.error} />
            ) : (
              <>
                <ArticleList articles={articles.data.items} selected={selected} onOpen={setSelected} testId="knowledge-results" />
                <Pager total={articles.data.total} state={pagination} />
              </>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            {selected ? (
              <ArticleView
                id={selected}
                canManageFiles={canManage}
                actions={
                  canManage && selectedArticle.data ? (
                    <Group>
                      <Button size="xs" variant="light" onClick={() => setEditing({ article: selectedArticle.data ?? null })}>
                        {t('knowledge.edit')}
                      </Button>
                    </Group>
                  ) : null
                }
              />
            ) : (
              <Text c="dimmed" size="sm">
                {t('knowledge.pick')}
              </Text>
            )}
          </Grid.Col>
        </Grid>
      </Stack>
      <ArticleFormDialog
        opened={editing !== null}
        article={editing?.article ?? null}
        locale={locale}
        onClose={() => setEditing(null)}
        onSaved={(article) => {
          notifySuccess(editing?.article ? t('knowledge.updated') : t('knowledge.created'));
          setEditing(null);
          setSelected(article.id);
        }}
      />
    </>
  );
}
