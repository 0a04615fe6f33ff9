// Synced statuses on the train and calendar screens: a live marker on a
// change in progress and a clear one on a failed or stalled change, kept
// current as sync writes change the changes.
import { describe, expect, it } from 'vitest';
import { fakeWithCatalog, renderApp, screen, waitFor, within } from '../../test/render';
import { seedChange, seedTrain } from '../trains/seed';

describe('live deployment status', () => {
  it('marks changes in progress, failed or stalled on a train, and follows synced moves', async () => {
    const fake = fakeWithCatalog();
    const train = seedTrain(fake, 'June release');
    const running = seedChange(fake, 'Checkout v2', train.id, 'in_progress');
    seedChange(fake, 'Ledger schema', train.id, 'stalled', { start: '2024-06-04T08:00:00Z', end: '2024-06-04T09:00:00Z' });
    seedChange(fake, 'Cache warmup', train.id, 'succeeded', { start: '2024-06-05T08:00:00Z', end: '2024-06-05T09:00:00Z' });
    history.replaceState(null, '', `#/trains/${train.id}`);
    renderApp(fake);
    const rows = await waitFor(() => {
      const list = screen.getAllByTestId('train-change');
      expect(list).toHaveLength(3);
      return list;
    });
    const kinds = () => screen.getAllByTestId('train-change').map((r) => within(r).queryByTestId('live-marker')?.dataset.kind ?? null);
    expect(rows[0]).toHaveTextContent('In progress');
    expect(kinds()).toEqual(['live', 'stalled', null]);

    // A sync moved the change: the backend says "change" changed.
    running.status = 'failed';
    fake.emit(['change']);
    await waitFor(() => expect(kinds()).toEqual(['failed', 'stalled', null]));
  });

  it('marks a change in progress on the calendar', async () => {
    const fake = fakeWithCatalog();
    const start = new Date();
    start.setHours(10, 0, 0, 0);
    seedChange(fake, 'Checkout v2', null, 'in_progress', {
      start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString(),
    });
    history.replaceState(null, '', '#/calendar');
    renderApp(fake);
    const chip = await waitFor(() => {
      const found = screen.getAllByTestId(/change-(chip|block)/).find((c) => c.textContent?.includes('Checkout v2'));
      expect(found).toBeDefined();
      return found as HTMLElement;
    });
    expect(within(chip).getByTestId('live-marker')).toHaveAttribute('data-kind', 'live');
  });
});
