import type { MantineColor } from '@mantine/core';
import type { ReactNode } from 'react';
import { SimpleGrid, Text } from '../../ui';

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
}

/** Headline figures as a description list: label, value, an optional hint under it. */
export function Figures({ items, cols = 4 }: { items: FigureItem[]; cols?: number }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 2, sm: Math.min(cols, 3), lg: cols }} spacing="md" m={0}>
      {items.map((item) => (
        <div key={item.testId}>
          <Text component="dt" size="xs" c="dimmed" fw={600}>{item.label}</Text>
          <Text component="dd" m={0}>
            <Text component="span" size="xl" fw={700} c={item.color} data-testid={item.testId} data-value={item.value ?? ''}>
              {item.display}
            </Text>
            {item.hint ? <Text component="span" size="xs" c="dimmed" display="block">{item.hint}</Text> : null}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
