import type { ArticleDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { Badge, Box, Group, Text, UnstyledButton } from '@web/modules/ui';

/** Search results: each a button that opens the article (the chosen one is marked `aria-current`). */
export function ArticleList({
  articles,
  selected,
  onOpen,
  testId,
}: {
  articles: ArticleDto[];
  selected: string | null;
  onOpen: (id: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  if (!articles.length)
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        {t('common.noResults')}
      </Text>
    );
  return (
    <Box component="ul" data-testid={testId} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {articles.map((article) => (
        <Box component="li" key={article.id} py={4} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <UnstyledButton
            onClick={() => onOpen(article.id)}
            aria-current={selected === article.id ? 'true' : undefined}
            style={{
              display: 'block',
              width: '100%',
              padding: 4,
              borderRadius: 4,
              background: selected === article.id ? 'var(--mantine-color-blue-light)' : undefined,
            }}
          >
            <Text size="sm" fw={600}>
              {article.title}
            </Text>
            <Group gap={4} wrap="wrap">
              {!article.published ? (
                <Badge size="xs" color="gray" variant="light" tt="none">
                  {t('knowledge.draft')}
                </Badge>
              ) : null}
              <Text size="xs" c="dimmed">
                {[article.locale, ...article.tags.map((tag) => `#${tag}`)].join(' · ')}
              </Text>
            </Group>
          </UnstyledButton>
        </Box>
      ))}
    </Box>
  );
}
