/**
 * The pipelines of one kind (`GET /api/v1/pipelines?kind=`), shared by the record pages (pipeline
 * picker) and the pipeline settings; changes to pipelines live in features/pipelines.
 */
import { useQuery } from '@tanstack/react-query';
import { api, query } from '../api';
import type { PipelineKind, PipelineWire } from './types';

/** Root key of every pipelines query. */
export const PIPELINES_KEY = ['pipelines'] as const;
export const pipelinesKey = (kind: PipelineKind) => [...PIPELINES_KEY, kind] as const;

/** `GET /api/v1/pipelines?kind=`: defaults first, each with its stages in board order. */
export function usePipelines(kind: PipelineKind) {
  return useQuery({
    queryKey: pipelinesKey(kind),
    queryFn: ({ signal }) =>
      api<{ data: PipelineWire[] }>(`/api/v1/pipelines${query({ kind })}`, { signal }).then((r) => r.data),
    staleTime: 30_000,
  });
}

/**
 * The pipeline to show: `chosenId` when it is one of `kind`'s pipelines, else the default one (else
 * the first). `pipeline` is undefined while loading or when the organisation has none.
 */
export function usePipelineChoice(kind: PipelineKind, chosenId: string | null | undefined) {
  const pipelines = usePipelines(kind);
  const list = pipelines.data ?? [];
  const pipeline = list.find((p) => p.id === chosenId) ?? list.find((p) => p.is_default) ?? list[0];
  return { pipeline, pipelines: list, query: pipelines };
}
