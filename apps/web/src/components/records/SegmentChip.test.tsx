import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockApi, renderPage } from '../../test/render';
import { SegmentChip } from './SegmentChip';

const SEG = '01900000-0000-7000-8000-000000000777';

describe('SegmentChip', () => {
  it('names the segment a list is narrowed to and removes it on request', async () => {
    mockApi({ [`GET /api/v1/segments/${SEG}`]: { body: { id: SEG, name: 'Quiet software contacts' } } });
    let removed = 0;
    renderPage(<SegmentChip segmentId={SEG} onRemove={() => (removed += 1)} />);
    expect(await screen.findByRole('link', { name: 'Quiet software contacts' })).toHaveAttribute('href', '/segments');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Remove the segment filter' }));
    expect(removed).toBe(1);
  });

  it('says so when the segment no longer exists', async () => {
    mockApi({});
    renderPage(<SegmentChip segmentId={SEG} onRemove={() => {}} />);
    expect(await screen.findByText('a segment that no longer exists')).toBeInTheDocument();
  });
});
