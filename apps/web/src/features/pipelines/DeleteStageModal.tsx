import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { notifySuccess } from '../../components/notify';
import type { PipelineWire, StageWire } from '../../components/board/types';
import { FormErrorAlert } from './FormErrorAlert';
import { useDeleteStage } from './pipelines-api';

function DeleteStageForm({
  pipeline,
  stage,
  noun,
  onDone,
}: {
  pipeline: PipelineWire;
  stage: StageWire;
  noun: string;
  onDone: () => void;
}) {
  const remove = useDeleteStage();
  const targets = pipeline.stages.filter((s) => s.id !== stage.id && s.kind === stage.kind);
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const holds = stage.record_count > 0;
  const submit = () =>
    remove.mutate(
      { stage, moveTo: moveTo ?? undefined },
      {
        onSuccess: () => {
          notifySuccess(`Stage ${stage.name} deleted`);
          onDone();
        },
      },
    );
  return (
    <Stack gap="md">
      <FormErrorAlert error={remove.error} fields={[]} />
      <Text size="sm">
        {holds
          ? `${stage.name} holds ${stage.record_count} ${noun}. Choose where they go: they keep their order at the bottom of that stage.`
          : `Delete the stage ${stage.name} from ${pipeline.name}? Records in the recycle bin that are still in it move too.`}
      </Text>
      {targets.length > 0 ? (
        <Select
          label="Move records to"
          description={`Another ${stage.kind} stage, so the records keep their status.`}
          placeholder="Choose a stage"
          data={targets.map((s) => ({ value: s.id, label: s.name }))}
          value={moveTo}
          onChange={setMoveTo}
          required={holds}
          clearable={!holds}
        />
      ) : (
        holds && (
          <Alert color="orange" role="alert">
            There is no other {stage.kind} stage to move its {noun} to. Add one first, or move the {noun} on the board.
          </Alert>
        )
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button color="red" onClick={submit} loading={remove.isPending} disabled={holds && !moveTo}>
          Delete stage
        </Button>
      </Group>
    </Stack>
  );
}

/** Deletes a stage; one that holds records asks which stage of the same kind receives them (`move_to`). */
export function DeleteStageModal({
  pipeline,
  stage,
  noun,
  onClose,
}: {
  pipeline: PipelineWire;
  stage: StageWire | null;
  noun: string;
  onClose: () => void;
}) {
  return (
    <Modal opened={stage !== null} onClose={onClose} title={stage ? `Delete stage ${stage.name}?` : ''}>
      {stage && <DeleteStageForm key={stage.id} pipeline={pipeline} stage={stage} noun={noun} onDone={onClose} />}
    </Modal>
  );
}
