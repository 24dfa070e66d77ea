import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { meAs, ORG_ID, USER_ID } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import { useRememberedPipeline } from './remembered-pipeline';

const KEY = `relata:pipeline:${USER_ID}:${ORG_ID}:deal`;
const LIST = [
  { id: 'p-default', is_default: true },
  { id: 'p-other', is_default: false },
];

function Probe({ pipelines }: { pipelines?: typeof LIST }) {
  const [id] = useRememberedPipeline('deal', pipelines);
  return <output aria-label="pipeline">{id ?? 'none'}</output>;
}

describe('useRememberedPipeline', () => {
  afterEach(() => window.localStorage.clear());

  it('uses the remembered pipeline before the list arrives, so the board can load at once', async () => {
    window.localStorage.setItem(KEY, 'p-other');
    mockApi({ 'GET /api/v1/me': { body: meAs('member') } });
    renderPage(<Probe />);
    expect(await screen.findByText('p-other')).toBeInTheDocument();
  });

  it('falls back to the default pipeline when the remembered one is gone, and remembers that', async () => {
    window.localStorage.setItem(KEY, 'p-deleted');
    mockApi({ 'GET /api/v1/me': { body: meAs('member') } });
    renderPage(<Probe pipelines={LIST} />);
    await waitFor(() => expect(window.localStorage.getItem(KEY)).toBe('p-default'));
    expect(screen.getByLabelText('pipeline')).toHaveTextContent('p-default');
  });
});
