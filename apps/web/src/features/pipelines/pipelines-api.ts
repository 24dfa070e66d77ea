/**
 * Pipelines and stages (`/api/v1/pipelines`): the list of one kind (shared with the record pages, see
 * components/board) and every change managers make — pipelines (create, rename, default, delete) and
 * stages (add, edit with If-Match, reorder in one call, delete moving records). Each change refreshes
 * the pipelines and every board (stage names, colours and counts show there).
 */
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  CreatePipelineBody,
  CreateStageBody,
  PipelineKind,
  UpdatePipelineBody,
  UpdateStageBody,
} from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch, query } from '../../components/api';
import { PIPELINES_KEY, pipelinesKey } from '../../components/board/pipelines-query';
import type { PipelineWire, StageWire } from '../../components/board/types';

export { PIPELINES_KEY, pipelinesKey, usePipelineChoice, usePipelines } from '../../components/board/pipelines-query';

const refresh = (qc: QueryClient) =>
  Promise.all([qc.invalidateQueries({ queryKey: PIPELINES_KEY }), qc.invalidateQueries({ queryKey: ['board'] })]);

function usePipelineMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => refresh(qc) });
}

/** `POST /api/v1/pipelines`. */
export function useCreatePipeline() {
  return usePipelineMutation((body: z.input<typeof CreatePipelineBody>) =>
    api<PipelineWire>('/api/v1/pipelines', { method: 'POST', body }),
  );
}

/** `PATCH /api/v1/pipelines/{id}` (rename, make default) with `If-Match`. */
export function useUpdatePipeline() {
  return usePipelineMutation(
    ({ id, version, body }: { id: string; version: number; body: z.input<typeof UpdatePipelineBody> }) =>
      api<PipelineWire>(`/api/v1/pipelines/${id}`, { method: 'PATCH', body, headers: ifMatch(version) }),
  );
}

/** `DELETE /api/v1/pipelines/{id}` (409 while it holds records, 422 for the default). */
export function useDeletePipeline() {
  return usePipelineMutation((id: string) => api<void>(`/api/v1/pipelines/${id}`, { method: 'DELETE' }));
}

/** `POST /api/v1/pipelines/{id}/stages`. */
export function useAddStage() {
  return usePipelineMutation(({ pipelineId, body }: { pipelineId: string; body: z.input<typeof CreateStageBody> }) =>
    api<StageWire>(`/api/v1/pipelines/${pipelineId}/stages`, { method: 'POST', body }),
  );
}

/** `PATCH /api/v1/pipelines/{id}/stages/{stage_id}` with `If-Match` = the stage's version. */
export function useUpdateStage() {
  return usePipelineMutation(
    ({
      stage,
      body,
    }: {
      stage: Pick<StageWire, 'id' | 'pipeline_id' | 'version'>;
      body: z.input<typeof UpdateStageBody>;
    }) =>
      api<StageWire>(`/api/v1/pipelines/${stage.pipeline_id}/stages/${stage.id}`, {
        method: 'PATCH',
        body,
        headers: ifMatch(stage.version),
      }),
  );
}

/** `DELETE /api/v1/pipelines/{id}/stages/{stage_id}?move_to=` (409 when it holds records and no `move_to`). */
export function useDeleteStage() {
  return usePipelineMutation(({ stage, moveTo }: { stage: Pick<StageWire, 'id' | 'pipeline_id'>; moveTo?: string }) =>
    api<void>(`/api/v1/pipelines/${stage.pipeline_id}/stages/${stage.id}${query({ move_to: moveTo })}`, {
      method: 'DELETE',
    }),
  );
}

/**
 * `PUT /api/v1/pipelines/{id}/stages/order` with `If-Match` = the pipeline's version: the new order
 * shows at once and is put back if the server refuses; the answer (new version) replaces the cache.
 */
export function useReorderStages(kind: PipelineKind) {
  const qc = useQueryClient();
  const key = pipelinesKey(kind);
  return useMutation({
    mutationFn: ({ pipeline, stageIds }: { pipeline: PipelineWire; stageIds: string[] }) =>
      api<PipelineWire>(`/api/v1/pipelines/${pipeline.id}/stages/order`, {
        method: 'PUT',
        body: { stage_ids: stageIds },
        headers: ifMatch(pipeline.version),
      }),
    onMutate: async ({ pipeline, stageIds }) => {
      await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<PipelineWire[]>(key);
      if (previous) {
        qc.setQueryData<PipelineWire[]>(
          key,
          previous.map((p) =>
            p.id === pipeline.id
              ? {
                  ...p,
                  stages: stageIds
                    .map((id, position) => {
                      const s = p.stages.find((x) => x.id === id);
                      return s && { ...s, position };
                    })
                    .filter((s): s is StageWire => Boolean(s)),
                }
              : p,
          ),
        );
      }
      return { previous };
    },
    onError: (_err, _vars, context) => {
      if (context?.previous) qc.setQueryData(key, context.previous);
    },
    onSuccess: (saved) => {
      const list = qc.getQueryData<PipelineWire[]>(key);
      if (list)
        qc.setQueryData<PipelineWire[]>(
          key,
          list.map((p) => (p.id === saved.id ? saved : p)),
        );
    },
    onSettled: () => refresh(qc),
  });
}
