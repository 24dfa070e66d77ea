import '@mantine/dropzone/styles.css';
import { Progress, Select, Stack, Text } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import { IconFileSpreadsheet, IconUpload, IconX } from '@tabler/icons-react';
import { IMPORT_ENTITY_TYPES, type ImportEntity } from '@relata/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { importKeys, type ImportWire, uploadImport } from './imports-api';
import { ENTITY_LABELS, formatBytes, MAX_UPLOAD_MB } from './labels';

const ACCEPT = {
  'text/csv': ['.csv'],
  'application/vnd.ms-excel': ['.csv'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'text/vcard': ['.vcf'],
  'text/x-vcard': ['.vcf'],
};

function rejectionMessage(rejections: FileRejection[]): string {
  const r = rejections[0];
  if (!r) return 'That file cannot be imported.';
  if (r.errors.some((e) => e.code === 'file-too-large'))
    return `${r.file.name} is ${formatBytes(r.file.size)}: the limit is ${MAX_UPLOAD_MB} MB.`;
  if (r.errors.some((e) => e.code === 'too-many-files')) return 'Drop one file at a time.';
  return `${r.file.name} is not a CSV, Excel (.xlsx) or vCard (.vcf) file.`;
}

/**
 * Step 1 of the wizard: what the rows are (entity picker, preset by `?entity=`) and the file (a
 * dropzone for CSV, XLSX or VCF up to {@link MAX_UPLOAD_MB} MB), sent with a progress bar. A file
 * the API cannot read (400: unbalanced quotes, binary, no header, no rows, …) shows its message;
 * `onUploaded` receives the new import.
 */
export function UploadStep({
  initialEntity,
  onUploaded,
}: {
  initialEntity: ImportEntity;
  onUploaded: (imp: ImportWire) => void;
}) {
  const qc = useQueryClient();
  const [entity, setEntity] = useState<ImportEntity>(initialEntity);
  const [progress, setProgress] = useState<number | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);

  const send = async (f: File) => {
    setFile(f);
    setError(null);
    setProgress(0);
    try {
      const imp = await uploadImport({ entity, file: f }, setProgress);
      void qc.invalidateQueries({ queryKey: importKeys.list() });
      onUploaded(imp);
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  const uploading = progress !== null;

  return (
    <Stack gap="md">
      <Select
        label="What do the rows contain?"
        description="Each row of the file becomes one record of this kind."
        data={IMPORT_ENTITY_TYPES.map((e) => ({ value: e, label: ENTITY_LABELS[e] }))}
        value={entity}
        onChange={(v) => v && setEntity(v as ImportEntity)}
        allowDeselect={false}
        disabled={uploading}
        maw={320}
      />
      <Dropzone
        onDrop={(files) => files[0] && void send(files[0])}
        onReject={(r) => setError(new Error(rejectionMessage(r)))}
        accept={ACCEPT}
        maxSize={MAX_UPLOAD_MB * 1024 * 1024}
        multiple={false}
        loading={uploading}
        aria-label="Import file"
      >
        <Stack align="center" justify="center" gap="xs" mih={140} ta="center" style={{ pointerEvents: 'none' }}>
          <Dropzone.Accept>
            <IconUpload size={44} stroke={1.5} color="var(--mantine-color-blue-6)" />
          </Dropzone.Accept>
          <Dropzone.Reject>
            <IconX size={44} stroke={1.5} color="var(--mantine-color-red-6)" />
          </Dropzone.Reject>
          <Dropzone.Idle>
            <IconFileSpreadsheet size={44} stroke={1.5} color="var(--mantine-color-dimmed)" />
          </Dropzone.Idle>
          <div>
            <Text size="lg" inline>
              Drop a file here or click to choose one
            </Text>
            <Text size="sm" c="dimmed" inline mt={7} display="block">
              CSV (any delimiter or encoding), Excel .xlsx or vCard .vcf — up to {MAX_UPLOAD_MB} MB. The first row must
              hold the column names.
            </Text>
          </div>
        </Stack>
      </Dropzone>
      {uploading && (
        <Stack gap={4}>
          <Text size="sm">
            Uploading {file?.name} ({formatBytes(file?.size ?? 0)})…
          </Text>
          <Progress
            value={Math.round((progress ?? 0) * 100)}
            animated
            aria-label="Upload progress"
            transitionDuration={200}
          />
        </Stack>
      )}
      <ErrorAlert error={error} title={file ? `${file.name} cannot be imported` : 'That file cannot be imported'} />
    </Stack>
  );
}
