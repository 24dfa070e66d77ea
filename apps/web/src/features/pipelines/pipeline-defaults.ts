/** The stages a new pipeline starts with (the same as an organisation's first pipelines). */
import type { PipelineKind, StageInput } from '@relata/shared';

export const DEFAULT_STAGES: Record<PipelineKind, StageInput[]> = {
  leads: [
    { name: 'New', probability: 10, kind: 'open', color: '#228be6' },
    { name: 'Contacted', probability: 20, kind: 'open', color: '#15aabf' },
    { name: 'Meeting', probability: 40, kind: 'open', color: '#7950f2' },
    { name: 'Negotiation', probability: 60, kind: 'open', color: '#fab005' },
    { name: 'Qualified', probability: 100, kind: 'won', color: '#40c057' },
    { name: 'Disqualified', probability: 0, kind: 'lost', color: '#fa5252' },
  ],
  deals: [
    { name: 'Qualification', probability: 10, kind: 'open', color: '#228be6' },
    { name: 'Needs analysis', probability: 25, kind: 'open', color: '#15aabf' },
    { name: 'Proposal', probability: 50, kind: 'open', color: '#7950f2' },
    { name: 'Negotiation', probability: 80, kind: 'open', color: '#fab005' },
    { name: 'Won', probability: 100, kind: 'won', color: '#40c057' },
    { name: 'Lost', probability: 0, kind: 'lost', color: '#fa5252' },
  ],
};

export const STAGE_KIND_LABELS = { open: 'Open', won: 'Won', lost: 'Lost' } as const;

/** Colours offered by the stage colour picker (Mantine's palette, shade 6). */
export const STAGE_SWATCHES = [
  '#868e96',
  '#fa5252',
  '#e64980',
  '#be4bdb',
  '#7950f2',
  '#4c6ef5',
  '#228be6',
  '#15aabf',
  '#12b886',
  '#40c057',
  '#82c91e',
  '#fab005',
  '#fd7e14',
];
