/**
 * Leads and deals pages composed with what lives outside their features: the pipeline boards and
 * picker (components/board), the pipelines of each kind, and the contact form (features/contacts).
 */
import { useParams } from 'react-router';
import { PipelineBoard, PipelineSelect, usePipelines } from '../../components/board';
import type { BoardSlot, PipelineSelectSlot } from '../../components/records/sales-views';
import { ContactFormModal } from '../../features/contacts/ContactFormModal';
import { DealDetailPage } from '../../features/deals/DealDetailPage';
import { DealsPage } from '../../features/deals/DealsPage';
import type { NewContactSlot } from '../../features/leads/LeadContactsPanel';
import { LeadDetailPage } from '../../features/leads/LeadDetailPage';
import { LeadsPage } from '../../features/leads/LeadsPage';

const leadBoard: BoardSlot = (p) => <PipelineBoard entity="lead" {...p} />;
const dealBoard: BoardSlot = (p) => <PipelineBoard entity="deal" {...p} />;
const leadPipelineSelect: PipelineSelectSlot = ({ value, onChange }) => (
  <PipelineSelect kind="leads" label="Lead pipeline" value={value} onChange={(id) => onChange(id)} />
);
const dealPipelineSelect: PipelineSelectSlot = ({ value, onChange }) => (
  <PipelineSelect kind="deals" label="Deal pipeline" value={value} onChange={(id) => onChange(id)} />
);
const newContact: NewContactSlot = ({ opened, onClose, onCreated }) => (
  <ContactFormModal opened={opened} onClose={onClose} onSaved={(c) => onCreated({ id: c.id, name: c.name })} />
);

/** /leads — statistics, table or board. */
export function LeadsRoute() {
  const leads = usePipelines('leads');
  const deals = usePipelines('deals');
  return (
    <LeadsPage
      pipelines={leads.data}
      dealPipelines={deals.data ?? []}
      renderBoard={leadBoard}
      renderPipelineSelect={leadPipelineSelect}
    />
  );
}

/** /leads/:id */
export function LeadRoute() {
  const { id = '' } = useParams();
  const leads = usePipelines('leads');
  const deals = usePipelines('deals');
  return (
    <LeadDetailPage
      key={id}
      id={id}
      pipelines={leads.data}
      dealPipelines={deals.data ?? []}
      renderNewContact={newContact}
    />
  );
}

/** /deals — table or board. */
export function DealsRoute() {
  const deals = usePipelines('deals');
  return <DealsPage pipelines={deals.data} renderBoard={dealBoard} renderPipelineSelect={dealPipelineSelect} />;
}

/** /deals/:id */
export function DealRoute() {
  const { id = '' } = useParams();
  const deals = usePipelines('deals');
  return <DealDetailPage key={id} id={id} pipelines={deals.data} />;
}
