import { Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type PipelineKind, PipelineName } from '@relata/shared';
import { z } from 'zod';
import { contractResolver, setServerFieldErrors } from '../../components/forms';
import { notifySuccess } from '../../components/notify';
import type { PipelineWire } from '../../components/board/types';
import { FormErrorAlert } from './FormErrorAlert';
import { DEFAULT_STAGES } from './pipeline-defaults';
import { useCreatePipeline, useUpdatePipeline } from './pipelines-api';

const FIELDS = ['name'] as const;
const Schema = z.object({ name: PipelineName, is_default: z.boolean() });

function PipelineForm({ kind, pipeline, onDone }: { kind: PipelineKind; pipeline?: PipelineWire; onDone: () => void }) {
  const create = useCreatePipeline();
  const update = useUpdatePipeline();
  const mutation = pipeline ? update : create;
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: pipeline?.name ?? '', is_default: false },
    validate: contractResolver(Schema),
  });
  const submit = form.onSubmit((values) => {
    const handlers = {
      onSuccess: (saved: PipelineWire) => {
        notifySuccess(pipeline ? `Pipeline renamed to ${saved.name}` : `Pipeline ${saved.name} created`);
        onDone();
      },
      onError: (err: unknown) => setServerFieldErrors(form, err, FIELDS),
    };
    if (pipeline) {
      update.mutate({ id: pipeline.id, version: pipeline.version, body: { name: values.name } }, handlers);
    } else {
      create.mutate({ kind, name: values.name, is_default: values.is_default, stages: DEFAULT_STAGES[kind] }, handlers);
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormErrorAlert error={mutation.error} fields={FIELDS} onReload={onDone} />
        <TextInput label="Name" required data-autofocus maxLength={80} {...form.getInputProps('name')} />
        {!pipeline && (
          <>
            <Checkbox
              label={`Make it the default ${kind === 'leads' ? 'lead' : 'deal'} pipeline`}
              {...form.getInputProps('is_default', { type: 'checkbox' })}
            />
            <Text size="xs" c="dimmed">
              Starts with the stages {DEFAULT_STAGES[kind].map((s) => s.name).join(', ')}; change them afterwards.
            </Text>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {pipeline ? 'Save' : 'Create pipeline'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "New pipeline" (name, default or not; the default stages) or "Rename pipeline". */
export function PipelineFormModal({
  opened,
  kind,
  pipeline,
  onClose,
}: {
  opened: boolean;
  kind: PipelineKind;
  pipeline?: PipelineWire;
  onClose: () => void;
}) {
  const noun = kind === 'leads' ? 'lead' : 'deal';
  return (
    <Modal opened={opened} onClose={onClose} title={pipeline ? `Rename ${pipeline.name}` : `New ${noun} pipeline`}>
      {opened && <PipelineForm key={pipeline?.id ?? 'new'} kind={kind} pipeline={pipeline} onDone={onClose} />}
    </Modal>
  );
}
