import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { Button, ErrorAlert, Group, notifySuccess, notifyWarning, Stack, Text } from '@web/modules/ui';
import { useListExport, type ListExportFormat, type ListExportParams } from '../hooks/use-exports';

type ListExportTarget =
  | { list: 'contacts'; filters: Extract<ListExportParams, { list: 'contacts' }>['filters'] }
  | { list: 'cases'; filters: Extract<ListExportParams, { list: 'cases' }>['filters'] };

const FORMATS: readonly ListExportFormat[] = ['csv', 'xlsx'];

/**
 * "Export CSV" / "Export XLSX" of a list with its current filters (supervisors,
 * `exports.run`). The server leaves numbers, names and notes out and audits every export.
 */
export function ListExportButtons(target: ListExportTarget) {
  const { t } = useTranslation();
  const can = useCan();
  const run = useListExport();
  if (!can('exports.run')) return null;

  const start = (format: ListExportFormat) => {
    const params: ListExportParams =
      target.list === 'contacts' ? { list: 'contacts', format, filters: target.filters } : { list: 'cases', format, filters: target.filters };
    run.mutate(params, {
      onSuccess: (result) => {
        if (result.truncated) notifyWarning(t('listExport.truncated', { n: result.rows }));
        else notifySuccess(t('listExport.done', { n: result.rows }));
      },
    });
  };

  return (
    <Stack gap={4} mb="sm" data-testid="list-export">
      <Group gap="xs">
        {FORMATS.map((format) => (
          <Button
            key={format}
            size="xs"
            variant="default"
            loading={run.isPending && run.variables?.format === format}
            disabled={run.isPending && run.variables?.format !== format}
            onClick={() => start(format)}
            data-testid={`export-list-${format}`}
          >
            {t(`listExport.${format}`)}
          </Button>
        ))}
      </Group>
      <Text size="xs" c="dimmed">
        {t('listExport.note')}
      </Text>
      <ErrorAlert error={run.error} />
    </Stack>
  );
}
