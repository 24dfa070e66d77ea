import { Select, type SelectProps } from '@mantine/core';
import { usePipelineChoice } from './pipelines-query';
import type { PipelineKind, PipelineWire } from './types';

/**
 * Picks one pipeline of `kind`. `value` null (or an id that is not a pipeline of that kind) shows the
 * default pipeline, so a page can keep "no choice yet" as null; `onChange` gets the id and pipeline.
 */
export function PipelineSelect({
  kind,
  value,
  onChange,
  label = 'Pipeline',
  ...props
}: {
  kind: PipelineKind;
  value: string | null | undefined;
  onChange: (id: string, pipeline: PipelineWire) => void;
  label?: string;
} & Omit<SelectProps, 'value' | 'onChange' | 'data' | 'label'>) {
  const { pipeline, pipelines, query } = usePipelineChoice(kind, value);
  return (
    <Select
      label={label}
      data={pipelines.map((p) => ({ value: p.id, label: p.is_default ? `${p.name} (default)` : p.name }))}
      value={pipeline?.id ?? null}
      onChange={(id) => {
        const chosen = pipelines.find((p) => p.id === id);
        if (id && chosen) onChange(id, chosen);
      }}
      allowDeselect={false}
      disabled={query.isPending || pipelines.length === 0}
      placeholder={query.isPending ? 'Loading…' : 'No pipelines'}
      w={220}
      {...props}
    />
  );
}
