import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconCircleCheck, IconExternalLink } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { usePipelineChoice } from '../../components/board';
import { confirmDanger } from '../../components/confirm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { viewStorageKey } from '../../components/records/view-mode';
import { useMe } from '../../components/session';
import { importKeys, type ImportWire, useImportAction } from './imports-api';
import { ENTITY_LABELS, ENTITY_PATHS } from './labels';
import { ProgressPanel, RunCounts } from './ProgressPanel';

/**
 * Where the imported records are: the list page, or for deals and leads the board of their
 * pipeline (the chosen one, else the default), opened by remembering "board" and that pipeline the
 * way the deals / leads pages do (components/records view-mode and remembered-pipeline keys).
 */
function useOpenResult(imp: ImportWire) {
  const navigate = useNavigate();
  const me = useMe().data;
  const sales = imp.entity === 'deals' || imp.entity === 'leads';
  const { pipeline } = usePipelineChoice(imp.entity === 'leads' ? 'leads' : 'deals', imp.options.pipeline_id);
  const path = ENTITY_PATHS[imp.entity];
  if (!path) return null;
  if (!sales) return { label: `Open ${ENTITY_LABELS[imp.entity].toLowerCase()}`, open: () => void navigate(path) };
  const one = imp.entity === 'deals' ? 'deal' : 'lead';
  return {
    label: pipeline ? `Open the ${pipeline.name} board` : `Open the ${one} board`,
    open: () => {
      if (me?.org) {
        try {
          window.localStorage.setItem(viewStorageKey(me.user.id, me.org.id, one), 'board');
          if (pipeline) window.localStorage.setItem(`relata:pipeline:${me.user.id}:${me.org.id}:${one}`, pipeline.id);
        } catch {
          // Storage disabled: the page opens in its usual view.
        }
      }
      void navigate(path);
    },
  };
}

/**
 * Step 4: the run's live progress (rows done / total; created / updated / skipped / failed), then a
 * summary with a link to the imported records and "Revert import" (after a confirmation; its own
 * progress), or the failure. Record lists are refreshed when a run or revert finishes.
 */
export function RunStep({ imp }: { imp: ImportWire }) {
  const qc = useQueryClient();
  const action = useImportAction(imp.id);
  const result = useOpenResult(imp);
  const last = useRef(imp.status);
  useEffect(() => {
    const before = last.current;
    last.current = imp.status;
    if (before !== imp.status && (imp.status === 'completed' || imp.status === 'reverted' || imp.status === 'failed'))
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== importKeys.all[0] });
  }, [imp.status, qc]);

  if (imp.status === 'queued' || imp.status === 'running')
    return (
      <Card withBorder radius="md">
        <ProgressPanel
          imp={imp}
          label={imp.status === 'queued' ? 'Waiting to start…' : 'Importing…'}
          indeterminate={imp.status === 'queued'}
        />
      </Card>
    );
  if (imp.status === 'reverting')
    return (
      <Card withBorder radius="md">
        <ProgressPanel imp={imp} label="Reverting the import…" counts={false} indeterminate />
      </Card>
    );

  const p = imp.progress;
  const revert = () =>
    confirmDanger({
      title: 'Revert this import?',
      message: `Records it created (${p.created.toLocaleString()}) are deleted for good and fields it updated (${p.updated.toLocaleString()} records) get their previous values back.`,
      confirmLabel: 'Revert import',
      onConfirm: () => action.mutate('revert'),
    });

  return (
    <Stack gap="md">
      {imp.status === 'completed' && (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title="Import complete">
          Finished {formatDateTime(imp.timings.finished_at)}.
        </Alert>
      )}
      {imp.status === 'failed' && (
        <ErrorAlert error={new Error(imp.error?.message ?? 'The import stopped.')} title="The import failed" />
      )}
      {imp.status === 'reverted' && (
        <Alert color="gray" variant="light" icon={<IconArrowBackUp size={18} />} title="Import reverted">
          Reverted {formatDateTime(imp.timings.reverted_at)}
          {imp.reverted_by ? ` by ${imp.reverted_by.name}` : ''}: the records it created are gone and updated fields
          have their previous values.
        </Alert>
      )}
      <Card withBorder radius="md" component="section" aria-labelledby="run-summary-title">
        <Title order={2} size="h4" id="run-summary-title" mb="sm">
          Summary
        </Title>
        <RunCounts progress={p} cols={{ base: 2, sm: 4 }} />
        <Text size="sm" c="dimmed" mt="sm">
          {p.rows_done.toLocaleString()} of {p.rows_total.toLocaleString()} rows read
          {p.warnings ? `, ${p.warnings.toLocaleString()} warnings` : ''}.
        </Text>
      </Card>
      <ErrorAlert error={action.error} title="Could not revert the import" />
      <Group justify="space-between">
        {result ? (
          <Button variant="light" rightSection={<IconExternalLink size={16} />} onClick={result.open}>
            {result.label}
          </Button>
        ) : (
          <span />
        )}
        {(imp.status === 'completed' || imp.status === 'failed') && (
          <Button
            color="red"
            variant="light"
            leftSection={<IconArrowBackUp size={16} />}
            onClick={revert}
            loading={action.isPending}
          >
            Revert import
          </Button>
        )}
      </Group>
    </Stack>
  );
}
