import type { MantineColor } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Anchor, SimpleGrid, Text } from '@web/modules/ui';

export interface FigureItem {
  /** Test id of the value (`<dd>`); its `data-value` is the raw number. */
  testId: string;
  label: string;
  /** What is shown. */
  display: ReactNode;
  /** The raw figure for `data-value` (null: nothing measured). */
  value: number | null;
  hint?: string;
  color?: MantineColor;
  /** The list behind the figure, when the user may see it. */
  href?: string | null;
}

/** Headline figures as a description list: label, value, an optional hint under it. */
export function Figures({ items, cols = 4 }: { items: FigureItem[]; cols?: number }) {
  const { t } = useTranslation();
  const openListLabel = t('drill.openList');
  return (
    <SimpleGrid component="dl" cols={{ base: 2, sm: Math.min(cols, 3), lg: cols }} spacing="md" m={0}>
      {items.map((item) => (
        <div key={item.testId}>
          <Text component="dt" size="xs" c="dimmed" fw={600}>
            {item.label}
          </Text>
          <Text component="dd" m={0}>
            <Text component="span" size="xl" fw={700} c={item.color} data-testid={item.testId} data-value={item.value ?? ''}>
              {item.display}
            </Text>
            {item.hint ? (
              <Text component="span" size="xs" c="dimmed" display="block">
                {item.hint}
              </Text>
            ) : null}
            {item.href ? (
              <Anchor
                component={Link}
                to={item.href}
                size="xs"
                display="block"
                aria-label={`${item.label}: ${openListLabel}`}
                data-testid={`${item.testId}-link`}
              >
                {openListLabel}
              </Anchor>
            ) : null}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
