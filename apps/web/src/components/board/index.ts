/** The Kanban board of a lead or deal pipeline, and the pipeline picker the record pages use. */
export { PipelineBoard, type PipelineBoardProps } from './PipelineBoard';
export { boardQueryKey } from './board-api';
export { PipelineSelect } from './PipelineSelect';
export { PIPELINES_KEY, pipelinesKey, usePipelineChoice, usePipelines } from './pipelines-query';
export type {
  BoardCardWire as BoardCard,
  BoardColumnWire,
  BoardEntityName,
  BoardFilters,
  BoardWire,
  PipelineKind,
  PipelineWire,
  StageWire as Stage,
} from './types';
