import { useForm } from '@mantine/form';
import type { PersonDto } from '@mayak/api-client';
import { PERSON_LIMITS } from '@mayak/domain';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Alert, Anchor, Button, ErrorAlert, Group, LoadingState, PageHeader, Paper, Radio, Stack, Table, Text, Textarea, Title } from '@web/modules/ui';
import { usePerson } from '../hooks/use-people';
import { useMergePeople, usePersonDuplicates, useUndoMerge } from '../hooks/use-person-merges';
import { identifierText } from '../person-text';
import { MatchBadges } from './PersonDuplicates';
import { FlagBadges } from './FlagList';
import { ProblemAlert } from './ProblemAlert';

type Stage = { step: 'compare' } | { step: 'merged'; survivor: PersonDto; mergedId: string } | { step: 'undone'; survivorId: string; mergedId: string };

/**
 * Two records side by side, field by field, and which one to keep: the kept record receives the
 * other's identifiers, flags, contacts and cases; the other then only points to it. A reason is
 * required (it is kept with the merge). After the merge, those who may (`people.unmerge`) undo it
 * at once; everyone else is told who can.
 */
export function MergeScreen({ id, otherId }: { id: string; otherId: string }) {
  const { t } = useTranslation();
  const a = usePerson(id);
  const b = usePerson(otherId);
  const back = (
    <Anchor component={Link} to={`/people/${id}`} size="sm" mb="xs" display="inline-block">
      {t('people.mergeScreen.back')}
    </Anchor>
  );
  if (a.isPending || b.isPending) return <LoadingState />;
  if (a.isError || b.isError) {
    return (
      <>
        {back}
        <PageHeader title={t('people.mergeScreen.title')} />
        <ErrorAlert error={a.error ?? b.error} />
      </>
    );
  }
  return <Merge a={a.data} b={b.data} back={back} />;
}

function Merge({ a, b, back }: { a: PersonDto; b: PersonDto; back: ReactNode }) {
  const { t } = useTranslation();
  const can = useCan();
  const merge = useMergePeople();
  const undo = useUndoMerge();
  const [stage, setStage] = useState<Stage>({ step: 'compare' });
  const form = useForm({
    initialValues: { keep: a.id, reason: '' },
    validate: {
      reason: (value) => (value.trim().length >= PERSON_LIMITS.mergeReasonMin ? null : t('fieldErrors.reasonTooShort')),
    },
  });
  useEffect(() => {
    const errors = fieldErrorsOf(t, merge.error);
    if (errors.reason) form.setFieldError('reason', errors.reason);
  }, [merge.error]);
  // Why they are suggested, if the API suggests them (read for the first record).
  const duplicates = usePersonDuplicates(a.id, !a.mergedIntoId);
  const matchedBy = duplicates.data?.items.find((item) => item.person.id === b.id)?.matchedBy ?? [];
  const nameOf = (p: PersonDto) => p.name ?? t('people.noName');
  const alreadyMerged = [a, b].find((p) => p.mergedIntoId);

  if (stage.step === 'merged') {
    const survivorName = nameOf(stage.survivor);
    return (
      <>
        {back}
        <PageHeader title={t('people.mergeScreen.title')} />
        <Paper withBorder p="md" data-testid="merge-result" data-state="merged" data-survivor-id={stage.survivor.id} data-merged-id={stage.mergedId}>
          <Stack gap="sm">
            <Text role="status" fw={600}>
              {t('people.mergeScreen.merged', { name: survivorName })}
            </Text>
            <Group gap="sm" wrap="wrap">
              <Button component={Link} to={`/people/${stage.survivor.id}`} variant="light" data-testid="merge-open-survivor">
                {t('people.mergeScreen.openKept')}
              </Button>
              {can('people.unmerge') ? (
                <Button
                  variant="default"
                  loading={undo.isPending}
                  data-testid="merge-result-undo"
                  onClick={() =>
                    undo.mutate(
                      { survivorId: stage.survivor.id, mergedId: stage.mergedId },
                      { onSuccess: () => setStage({ step: 'undone', survivorId: stage.survivor.id, mergedId: stage.mergedId }) },
                    )
                  }
                >
                  {t('people.mergeScreen.undo')}
                </Button>
              ) : null}
            </Group>
            {can('people.unmerge') ? null : (
              <Text size="sm" c="dimmed" data-testid="merge-undo-by-admin">
                {t('people.mergeScreen.undoByAdmin')}
              </Text>
            )}
            <ProblemAlert error={undo.error} />
          </Stack>
        </Paper>
      </>
    );
  }
  if (stage.step === 'undone') {
    return (
      <>
        {back}
        <PageHeader title={t('people.mergeScreen.title')} />
        <Paper withBorder p="md" data-testid="merge-result" data-state="undone">
          <Stack gap="sm">
            <Text role="status" fw={600}>
              {t('people.mergeScreen.undone')}
            </Text>
            <Group gap="sm" wrap="wrap">
              <Anchor component={Link} to={`/people/${stage.survivorId}`}>
                {t('people.mergeScreen.openFirst')}
              </Anchor>
              <Anchor component={Link} to={`/people/${stage.mergedId}`}>
                {t('people.mergeScreen.openSecond')}
              </Anchor>
            </Group>
          </Stack>
        </Paper>
      </>
    );
  }

  const survivorId = form.values.keep;
  const duplicateId = survivorId === a.id ? b.id : a.id;
  return (
    <>
      {back}
      <PageHeader title={t('people.mergeScreen.title')} />
      <Stack gap="md" data-testid="merge-screen">
        <Text size="sm">{t('people.mergeScreen.intro')}</Text>
        {matchedBy.length ? (
          <Group gap="xs" wrap="wrap">
            <Text size="sm">{t('people.mergeScreen.suggestedBecause')}</Text>
            <MatchBadges matchedBy={matchedBy} />
          </Group>
        ) : null}
        {alreadyMerged ? (
          <Alert color="orange" role="alert" data-testid="merge-already-merged">
            {t('errors.already_merged')}
          </Alert>
        ) : null}
        {a.masked || b.masked ? (
          <Text size="sm" c="dimmed">
            {t('people.mergeScreen.masked')}
          </Text>
        ) : null}
        <SideBySide a={a} b={b} keep={survivorId} />
        <Paper withBorder p="md" component="section" aria-labelledby="merge-form-title">
          <form
            noValidate
            data-testid="merge-form"
            onSubmit={form.onSubmit((values) =>
              merge.mutate(
                { survivorId: values.keep, duplicateId, reason: values.reason.trim() },
                {
                  onSuccess: (survivor) => setStage({ step: 'merged', survivor, mergedId: duplicateId }),
                },
              ),
            )}
          >
            <Stack gap="sm">
              <Title order={2} size="h4" id="merge-form-title">
                {t('people.mergeScreen.formTitle')}
              </Title>
              <ProblemAlert error={merge.error && !fieldErrorsOf(t, merge.error).reason ? merge.error : null} />
              <Radio.Group
                label={t('people.mergeScreen.keep')}
                description={t('people.mergeScreen.keepHint')}
                {...form.getInputProps('keep')}
                data-testid="merge-keep"
              >
                <Stack gap={6} mt={6}>
                  {[a, b].map((p, n) => (
                    <Radio
                      key={p.id}
                      value={p.id}
                      data-testid={`merge-keep-${n === 0 ? 'first' : 'second'}`}
                      label={t('people.mergeScreen.keepOption', { n: n + 1, name: nameOf(p) })}
                    />
                  ))}
                </Stack>
              </Radio.Group>
              <Textarea
                label={t('people.mergeScreen.reason')}
                description={t('people.mergeScreen.reasonHint')}
                required
                autosize
                minRows={2}
                maxLength={PERSON_LIMITS.mergeReasonMax}
                {...form.getInputProps('reason')}
              />
              <Group justify="flex-end">
                <Button type="submit" color="orange" loading={merge.isPending} disabled={!!alreadyMerged} data-testid="merge-submit">
                  {t('people.mergeScreen.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </>
  );
}

/** The two records as a table: one row per field, one column per record, the kept one marked. */
function SideBySide({ a, b, keep }: { a: PersonDto; b: PersonDto; keep: string }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const offices = useSession().data?.user.offices ?? [];
  const none = (
    <Text span size="sm" c="dimmed">
      {t('common.none')}
    </Text>
  );
  const list = (values: string[]) => (values.length ? values.join(', ') : none);
  const rows: { key: string; label: string; value: (p: PersonDto) => ReactNode }[] = [
    { key: 'name', label: t('people.name'), value: (p) => p.name ?? none },
    { key: 'gender', label: t('people.record.gender'), value: (p) => (p.gender ? codes.label('gender', p.gender) : none) },
    { key: 'birthYear', label: t('people.details.birthYear'), value: (p) => (p.birthYear ? String(p.birthYear) : none) },
    { key: 'ageGroup', label: t('people.record.ageGroup'), value: (p) => (p.ageGroup ? codes.label('ageGroup', p.ageGroup) : none) },
    { key: 'citizenship', label: t('people.details.citizenship'), value: (p) => list(p.citizenship.map((c) => codes.country(c))) },
    { key: 'languages', label: t('people.details.languages'), value: (p) => list(p.languages.map((c) => codes.language(c))) },
    {
      key: 'migrationSituation',
      label: t('people.details.migrationSituation'),
      value: (p) => (p.migrationSituation ? codes.label('migrationSituation', p.migrationSituation) : none),
    },
    {
      key: 'identifiers',
      label: t('people.identifiers.title'),
      value: (p) =>
        p.identifiers.length ? (
          <Stack gap={0}>
            {p.identifiers.map((i) => (
              <Text key={i.id} size="sm" style={{ overflowWrap: 'anywhere' }}>
                <Text span size="sm" c="dimmed">
                  {codes.label('identifierKind', i.kind)}:{' '}
                </Text>
                <Text span size="sm" ff="monospace">
                  {identifierText(i)}
                </Text>
              </Text>
            ))}
          </Stack>
        ) : (
          none
        ),
    },
    { key: 'flags', label: t('people.flags.title'), value: (p) => (p.flags.length ? <FlagBadges flags={p.flags} /> : none) },
    { key: 'office', label: t('people.mergeScreen.office'), value: (p) => offices.find((o) => o.id === p.officeId)?.name ?? none },
    { key: 'createdAt', label: t('people.recordedAt'), value: (p) => formatDateTime(p.createdAt) },
  ];
  const header = (p: PersonDto, n: number) => (
    <Stack gap={2}>
      <Anchor component={Link} to={`/people/${p.id}`} size="sm" fw={700}>
        {t('people.mergeScreen.record', { n })}
      </Anchor>
      <Text span size="xs" c={p.id === keep ? 'teal' : 'dimmed'} fw={600} data-testid={`merge-role-${n}`}>
        {p.id === keep ? t('people.mergeScreen.kept') : t('people.mergeScreen.mergedIn')}
      </Text>
    </Stack>
  );
  return (
    <Paper withBorder p={0} style={{ overflowX: 'auto' }}>
      <Table withColumnBorders verticalSpacing={6} fz="sm" layout="fixed" data-testid="merge-compare">
        <caption style={{ captionSide: 'top', textAlign: 'start', padding: 'var(--mantine-spacing-xs)' }}>
          <Text span size="sm" fw={600}>
            {t('people.mergeScreen.caption')}
          </Text>
        </caption>
        <colgroup>
          <col style={{ width: '28%' }} />
          <col style={{ width: '36%' }} />
          <col style={{ width: '36%' }} />
        </colgroup>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('people.mergeScreen.field')}</Table.Th>
            <Table.Th scope="col" data-testid="merge-column-1" data-person-id={a.id}>
              {header(a, 1)}
            </Table.Th>
            <Table.Th scope="col" data-testid="merge-column-2" data-person-id={b.id}>
              {header(b, 2)}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const differs = JSON.stringify(keyOf(a, row.key)) !== JSON.stringify(keyOf(b, row.key));
            return (
              <Table.Tr key={row.key} data-field={row.key} data-differs={differs || undefined}>
                <Table.Th scope="row" fw={500} style={{ overflowWrap: 'anywhere', hyphens: 'auto' }}>
                  {row.label}
                </Table.Th>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{row.value(a)}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{row.value(b)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** A field's raw value, to mark the rows where the two records differ. */
function keyOf(p: PersonDto, key: string): unknown {
  if (key === 'identifiers') return p.identifiers.map((i) => `${i.kind}:${i.value}`).sort();
  if (key === 'flags') return p.flags.map((f) => f.kind).sort();
  return (p as unknown as Record<string, unknown>)[key] ?? null;
}
