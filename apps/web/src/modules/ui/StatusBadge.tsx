import { Badge, type MantineColor } from '@mantine/core';
import type { ReactNode } from 'react';

/** A short state label in a table cell; never truncated, never shouting in capitals. */
export function StatusBadge({ color, children }: { color: MantineColor; children: ReactNode }) {
  return (
    <Badge color={color} variant="light" tt="none" styles={{ root: { minWidth: 'max-content' } }}>
      {children}
    </Badge>
  );
}
