// Behaviour tests for the calendar page: month grid in the display zone,
// switching views, empty states, export, and refresh on change events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { FakeBackend } from '../../lib/fakeBackend';
import { fakeWithCatalog, screen, waitFor, within } from '../../test/render';
import { chip, monthDay, openCalendar, pinClock, seedChange, seedWindow } from './calendarTestKit';

beforeEach(() => pinClock());
afterEach(() => vi.useRealTimers());

describe('calendar month view', () => {
  it('shows each change on its day in the display zone, with status and conflicts', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Deploy ledger 4.2', start: '2024-05-07T22:30:00Z', end: '2024-05-07T23:30:00Z' });
    seedChange(fake, { title: 'Rotate keys', start: '2024-05-14T10:00:00Z', end: '2024-05-14T11:00:00Z', status: 'failed' });
    seedWindow(fake, { name: 'Audit freeze', start: '2024-05-14T00:00:00', duration_minutes: 24 * 60 });
    const { user } = await openCalendar(fake);

    expect(screen.getByTestId('cal-title')).toHaveTextContent('May 2024');
    await waitFor(() => expect(within(monthDay('2024-05-07')).getByText('Deploy ledger 4.2')).toBeInTheDocument());
    expect(chip('Deploy ledger 4.2')).toHaveTextContent(/22:30|10:30\sPM/);
    expect(within(monthDay('2024-05-08')).queryByText('Deploy ledger 4.2')).toBeNull();

    // The failed change sits in the hard freeze: red day, status colour, conflict marker.
    const rotate = chip('Rotate keys');
    expect(monthDay('2024-05-14')).toContainElement(rotate);
    expect(rotate).toHaveClass('st-failed');
    expect(monthDay('2024-05-14')).toHaveClass('win-hard');
    expect(monthDay('2024-05-14')).toHaveTextContent('Freeze');
    expect(monthDay('2024-05-01')).toHaveAttribute('aria-current', 'date');

    // Tokyo is nine hours ahead: the evening change moves to the next morning.
    await user.selectOptions(screen.getByTestId('cal-zone'), 'Asia/Tokyo');
    await waitFor(() => expect(within(monthDay('2024-05-08')).getByText('Deploy ledger 4.2')).toBeInTheDocument());
    expect(chip('Deploy ledger 4.2')).toHaveTextContent(/07:30|7:30\sAM/);
  });

  it('marks changes with conflicts', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'In freeze', start: '2024-05-14T10:00:00Z', end: '2024-05-14T11:00:00Z' });
    seedChange(fake, { title: 'Clear day', start: '2024-05-15T10:00:00Z', end: '2024-05-15T11:00:00Z' });
    seedWindow(fake, { name: 'Audit freeze', start: '2024-05-14T00:00:00', duration_minutes: 24 * 60 });
    await openCalendar(fake);
    await waitFor(() => expect(within(chip('In freeze')).getByTestId('conflict-marker')).toHaveClass('sev-error'));
    expect(within(chip('Clear day')).queryByTestId('conflict-marker')).toBeNull();
    expect(chip('In freeze')).toHaveAccessibleName(/1 conflict/);
  });

  it('collapses a crowded day behind "+N more"', async () => {
    const fake = fakeWithCatalog();
    for (let i = 0; i < 5; i++) {
      seedChange(fake, { title: `Busy ${i}`, start: `2024-05-09T1${i}:00:00Z`, end: `2024-05-09T1${i}:30:00Z` });
    }
    const { user } = await openCalendar(fake);
    const day = monthDay('2024-05-09');
    await waitFor(() => expect(within(day).getAllByTestId('change-chip')).toHaveLength(2));
    expect(within(day).getByTestId('day-more')).toHaveTextContent('+3 more');
    await user.click(within(day).getByTestId('day-more'));
    expect(within(day).getAllByTestId('change-chip')).toHaveLength(5);
    await user.click(within(day).getByRole('button', { name: 'Show less' }));
    expect(within(day).getAllByTestId('change-chip')).toHaveLength(2);
  });
});
