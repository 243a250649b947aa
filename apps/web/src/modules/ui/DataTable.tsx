import { Box, Table, Text, VisuallyHidden } from '@mantine/core';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './data-table.module.css';

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Visually hide the header text (e.g. "Actions") but keep it for screen readers. */
  hideHeader?: boolean;
}

interface DataTableProps<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  testId?: string;
  /** A test id per row (e.g. `callback-row-<id>`). */
  rowTestId?: (row: T) => string;
  /** Narrower than this, the table scrolls sideways (default 600 px; 0 = never). */
  minWidth?: number;
}

/** Whether an element's content is wider than it, and whether it is scrolled to the end. */
function useSidewaysScroll(ref: React.RefObject<HTMLDivElement | null>): { overflowing: boolean; atEnd: boolean } {
  const [state, setState] = useState({ overflowing: false, atEnd: true });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const overflowing = el.scrollWidth > el.clientWidth + 1;
      const atEnd = el.scrollLeft + el.clientWidth >= el.scrollWidth - 1;
      setState((previous) => (previous.overflowing === overflowing && previous.atEnd === atEnd ? previous : { overflowing, atEnd }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, [ref]);
  return state;
}

/**
 * A table with a caption, real column headers and an empty state; one line per row where the
 * content allows. Wider than its place, it scrolls sideways and says so (a line above it and a
 * shadow on the side that hides columns); the scrolling region takes the focus for the keyboard.
 */
export function DataTable<T>({ caption, columns, rows, rowKey, testId, rowTestId, minWidth = 600 }: DataTableProps<T>) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const { overflowing, atEnd } = useSidewaysScroll(scroller);
  const hintId = useId();
  return (
    <Box className={classes.frame}>
      {overflowing ? (
        <Text size="xs" c="dimmed" id={hintId} data-testid={testId ? `${testId}-scroll-hint` : undefined}>
          {t('common.scrollSideways')}
        </Text>
      ) : null}
      <Box ref={scroller} className={classes.scroller} tabIndex={0} role="region" aria-label={caption} aria-describedby={overflowing ? hintId : undefined}>
        <Table striped highlightOnHover withTableBorder verticalSpacing={6} fz="sm" miw={minWidth || undefined} data-testid={testId}>
          <caption>
            <VisuallyHidden>{caption}</VisuallyHidden>
          </caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.key} scope="col">
                  {column.hideHeader ? <VisuallyHidden>{column.header}</VisuallyHidden> : column.header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={columns.length}>
                  <Text c="dimmed" ta="center" py="md">
                    {t('common.noResults')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : (
              rows.map((row) => (
                <Table.Tr key={rowKey(row)} data-row-id={rowKey(row)} data-testid={rowTestId?.(row)}>
                  {columns.map((column) => (
                    <Table.Td key={column.key}>{column.cell(row)}</Table.Td>
                  ))}
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Box>
      {overflowing && !atEnd ? <div className={classes.moreRight} aria-hidden="true" data-testid={testId ? `${testId}-more-right` : undefined} /> : null}
    </Box>
  );
}
