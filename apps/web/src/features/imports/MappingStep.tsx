import { Alert, Button, Card, Center, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconPlayerPlay } from '@tabler/icons-react';
import type { FieldIssue, UpdateImportBody } from '@relata/shared';
import { useState } from 'react';
import { ApiError } from '../../components/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ColumnMappingTable } from './ColumnMappingTable';
import { FileInfoPanel } from './FileInfoPanel';
import { type ImportWire, useImportAction, useImportTargets, useUpdateImport } from './imports-api';
import { ImportOptionsPanel } from './ImportOptionsPanel';
import { type Draft, draftOf, mappingOptions, placeIssues } from './mapping-model';
import { SavedMappings } from './SavedMappings';

/**
 * Step 2: the file as read (with encoding / delimiter / sheet overrides), one row per column with its
 * target (pre-filled with the suggestion), saved mappings and the options. "Continue to dry run"
 * sends the draft (PATCH, `If-Match`) then starts the dry run; a 400 puts each field problem on its
 * control (column select, option) and the rest above the columns.
 */
export function MappingStep({ imp }: { imp: ImportWire }) {
  const targets = useImportTargets(imp.entity);
  const update = useUpdateImport(imp);
  const action = useImportAction(imp.id);
  const [draft, setDraft] = useState<Draft>(() => draftOf(imp));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const placed = placeIssues(issues, draft);
  const busy = update.isPending || action.isPending;

  const patch = async (body: UpdateImportBody): Promise<boolean> => {
    setError(null);
    try {
      const next = await update.mutateAsync(body);
      setDraft(draftOf(next));
      setIssues([]);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) setIssues(err.issues);
      else setError(err);
      return false;
    }
  };
  const submit = async () => {
    if (!(await patch({ mapping: draft.mapping, options: mappingOptions(draft.options) }))) return;
    action.mutate('dry-run', { onError: setError });
  };

  if (targets.isPending)
    return (
      <Center py="xl">
        <Loader aria-label="Loading the import fields" />
      </Center>
    );
  if (targets.error)
    return (
      <ErrorAlert
        error={targets.error}
        title="Could not load the import fields"
        onRetry={() => void targets.refetch()}
      />
    );

  return (
    <Stack gap="md">
      <Card withBorder radius="md" component="section" aria-labelledby="import-file-title">
        <Title order={2} size="h4" id="import-file-title" mb="sm">
          File
        </Title>
        <FileInfoPanel
          imp={imp}
          busy={busy}
          errors={placed.byOption}
          onOverride={(o) =>
            void patch({ mapping: draft.mapping, options: { ...mappingOptions(draft.options), ...o } })
          }
        />
      </Card>
      <Card withBorder radius="md" component="section" aria-labelledby="import-columns-title">
        <Group justify="space-between" align="flex-end" mb="sm">
          <div>
            <Title order={2} size="h4" id="import-columns-title">
              Columns
            </Title>
            <Text size="sm" c="dimmed">
              Choose the field each column goes into. Suggestions come from the column names.
            </Text>
          </div>
          <SavedMappings imp={imp} draft={draft} busy={busy} onApply={(id) => void patch({ mapping_id: id })} />
        </Group>
        {placed.general.length > 0 && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertCircle size={18} />}
            title="Fix the mapping"
            mb="sm"
            role="alert"
          >
            <List size="sm">
              {placed.general.map((m) => (
                <List.Item key={m}>{m}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <ColumnMappingTable
          headers={imp.file.headers}
          sampleRows={imp.sample_rows}
          targets={targets.data}
          draft={draft}
          onChange={setDraft}
          errors={placed.byColumn}
          suggested={imp.suggested_mapping}
        />
      </Card>
      <Card withBorder radius="md" component="section" aria-labelledby="import-options-title">
        <Title order={2} size="h4" id="import-options-title" mb="sm">
          Options
        </Title>
        <ImportOptionsPanel
          entity={imp.entity}
          detectedDateOrder={imp.detected_date_order}
          targets={targets.data}
          draft={draft}
          onChange={setDraft}
          errors={placed.byOption}
        />
      </Card>
      {issues.length > 0 && placed.general.length === 0 && (
        <Text size="sm" c="red" role="status">
          Some choices need fixing: see the fields marked in red.
        </Text>
      )}
      <ErrorAlert error={error} title="Could not save the mapping" />
      <Group justify="flex-end">
        <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => void submit()} loading={busy}>
          Continue to dry run
        </Button>
      </Group>
    </Stack>
  );
}
