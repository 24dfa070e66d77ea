import { Button, ColorInput, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Probability, StageColor, StageKind, StageName } from '@relata/shared';
import { z } from 'zod';
import { contractResolver, setServerFieldErrors } from '../../components/forms';
import { notifySuccess } from '../../components/notify';
import type { PipelineWire, StageWire } from '../../components/board/types';
import { FormErrorAlert } from './FormErrorAlert';
import { STAGE_KIND_LABELS, STAGE_SWATCHES } from './pipeline-defaults';
import { useAddStage, useUpdateStage } from './pipelines-api';

const FIELDS = ['name', 'color', 'probability', 'kind'] as const;
const Schema = z.object({ name: StageName, color: StageColor, probability: Probability, kind: StageKind });

function StageForm({ pipeline, stage, onDone }: { pipeline: PipelineWire; stage?: StageWire; onDone: () => void }) {
  const add = useAddStage();
  const update = useUpdateStage();
  const mutation = stage ? update : add;
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      name: stage?.name ?? '',
      color: stage?.color ?? '#868e96',
      probability: (stage?.probability ?? 50) as number | string,
      kind: stage?.kind ?? 'open',
    },
    validate: contractResolver(Schema),
  });
  const submit = form.onSubmit((values) => {
    const body = { ...values, probability: Number(values.probability), color: values.color.toLowerCase() };
    const handlers = {
      onSuccess: (saved: StageWire) => {
        notifySuccess(stage ? `Stage ${saved.name} saved` : `Stage ${saved.name} added to ${pipeline.name}`);
        onDone();
      },
      onError: (err: unknown) => setServerFieldErrors(form, err, FIELDS),
    };
    if (stage) update.mutate({ stage, body }, handlers);
    else add.mutate({ pipelineId: pipeline.id, body }, handlers);
  });
  const kindLocked = stage !== undefined && stage.record_count > 0;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormErrorAlert error={mutation.error} fields={FIELDS} onReload={onDone} />
        <TextInput label="Name" required data-autofocus maxLength={50} {...form.getInputProps('name')} />
        <ColorInput
          label="Colour"
          format="hex"
          swatches={STAGE_SWATCHES}
          swatchesPerRow={7}
          withEyeDropper={false}
          {...form.getInputProps('color')}
        />
        <NumberInput
          label="Probability"
          description="Chance of winning in this stage; records use it unless they set their own."
          suffix="%"
          min={0}
          max={100}
          step={5}
          allowDecimal={false}
          clampBehavior="strict"
          {...form.getInputProps('probability')}
        />
        <Select
          label="Kind"
          description={
            kindLocked
              ? 'The stage holds records whose status follows its kind: move them first to change it.'
              : 'Records in a won or lost stage are won or lost.'
          }
          data={Object.entries(STAGE_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          allowDeselect={false}
          disabled={kindLocked}
          {...form.getInputProps('kind')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {stage ? 'Save stage' : 'Add stage'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Add stage" to a pipeline or edit one: name, colour, probability 0–100 and kind. */
export function StageFormModal({
  opened,
  pipeline,
  stage,
  onClose,
}: {
  opened: boolean;
  pipeline: PipelineWire;
  stage?: StageWire;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={stage ? `Edit stage ${stage.name}` : `Add a stage to ${pipeline.name}`}
    >
      {opened && <StageForm key={stage?.id ?? 'new'} pipeline={pipeline} stage={stage} onDone={onClose} />}
    </Modal>
  );
}
