// Behaviour tests for the change editor: creating a change, the live conflict
// panel and "Find next free slot", validation errors under fields, status
// transitions with evidence, deleting, and not losing edits silently.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { dialog, field, fakeWithCatalog, screen, waitFor, within } from '../../test/render';
import { chip, ids, monthDay, openCalendar, pinClock, seedChange, seedWindow } from './calendarTestKit';

beforeEach(() => pinClock());
afterEach(() => vi.useRealTimers());

function setTime(name: 'start' | 'end', value: string) {
  fireEvent.input(field(name), { target: { value } });
}

async function pickService(user: ReturnType<typeof import('@testing-library/user-event').default.setup>, name: string) {
  await user.type(within(dialog()).getByTestId('change-services-input'), name);
  await user.click(within(dialog()).getAllByTestId('change-services-option').find((o) => o.textContent?.includes(name)) as HTMLElement);
}

describe('change editor', () => {
  it('creates a change from "New change" with times in the display zone', async () => {
    const fake = fakeWithCatalog();
    const { user } = await openCalendar(fake);
    await user.click(screen.getByTestId('new-change'));
    expect(screen.getByTestId('change-form')).toBeInTheDocument();
    // Defaults: the next full hour for one hour, the first environment, the user as owner.
    expect(field('start')).toHaveValue('2024-05-01T10:00');
    expect(field('end')).toHaveValue('2024-05-01T11:00');
    expect(field('owner')).toHaveValue('Test User');

    await user.type(field('title'), 'Deploy ledger 4.2');
    await pickService(user, 'ledger');
    await user.selectOptions(field('environment_id'), ids(fake).env('staging'));
    setTime('start', '2024-05-09T14:00');
    setTime('end', '2024-05-09T15:30');
    await waitFor(() => expect(screen.getByTestId('conflict-summary')).toHaveTextContent('No conflicts'));
    await user.click(screen.getByTestId('save-change'));

    expect(await screen.findByText('Change created')).toBeInTheDocument();
    expect(screen.queryByTestId('change-form')).toBeNull();
    expect(fake.cal.changes).toHaveLength(1);
    expect(fake.cal.changes[0]).toMatchObject({
      title: 'Deploy ledger 4.2', service_ids: [ids(fake).service('ledger')], environment_id: ids(fake).env('staging'),
      start: '2024-05-09T14:00:00Z', end: '2024-05-09T15:30:00Z', owner: 'Test User', status: 'planned',
    });
    await waitFor(() => expect(monthDay('2024-05-09')).toContainElement(chip('Deploy ledger 4.2')));
  });

  it('clicking a day starts a new change that morning', async () => {
    const { user } = await openCalendar();
    await user.click(within(monthDay('2024-05-20')).getByTestId('day-new'));
    expect(field('start')).toHaveValue('2024-05-20T09:00');
    expect(field('end')).toHaveValue('2024-05-20T10:00');
  });

  it('shows a hard freeze in the conflict panel; a proposed free slot clears it', async () => {
    const fake = fakeWithCatalog();
    seedWindow(fake, { name: 'Release freeze', start: '2024-05-07T00:00:00', duration_minutes: 24 * 60 });
    const { user } = await openCalendar(fake);
    await user.click(screen.getByTestId('new-change'));
    await user.type(field('title'), 'Risky deploy');
    expect(screen.getByTestId('conflict-panel')).toHaveTextContent('Choose at least one service');
    await pickService(user, 'ledger');
    setTime('start', '2024-05-07T10:00');
    setTime('end', '2024-05-07T12:00');

    const panel = screen.getByTestId('conflict-panel');
    await waitFor(() => expect(within(panel).getAllByTestId('conflict-item')).toHaveLength(1));
    const item = within(panel).getByTestId('conflict-item');
    expect(item).toHaveTextContent('Error');
    expect(item).toHaveTextContent('hard freeze "Release freeze"');
    expect(item).toHaveTextContent('Hard freeze');
    expect(screen.getByTestId('conflict-summary')).toHaveTextContent('1 conflict, 1 blocking');

    await user.click(screen.getByTestId('next-free-slot'));
    const slots = await screen.findAllByTestId('slot-option');
    expect(slots).toHaveLength(3);
    const first = slots[0];
    const start = first.getAttribute('data-start') ?? '';
    await user.click(first);
    expect(field('start')).toHaveValue(start.slice(0, 16));
    // Two hours long, like the change.
    expect(Date.parse(`${(field('end') as HTMLInputElement).value}:00Z`) - Date.parse(start)).toBe(2 * 3_600_000);
    await waitFor(() => expect(screen.getByTestId('conflict-summary')).toHaveTextContent('No conflicts'));
    expect(within(panel).queryByTestId('conflict-item')).toBeNull();
    expect(first).toHaveAttribute('aria-pressed', 'true');
  });

  it('drops conflict answers for input that has changed since', async () => {
    const fake = fakeWithCatalog();
    seedWindow(fake, { name: 'Release freeze', start: '2024-05-07T00:00:00', duration_minutes: 24 * 60 });
    // Hold every answer until the test lets it go, to deliver them out of order.
    const held: (() => void)[] = [];
    const check = fake.checkChange;
    fake.checkChange = (draft) => new Promise((resolve, reject) => held.push(() => check(draft).then(resolve, reject)));
    const { user } = await openCalendar(fake);
    await user.click(screen.getByTestId('new-change'));
    await pickService(user, 'ledger');
    setTime('start', '2024-05-07T10:00');
    setTime('end', '2024-05-07T11:00');
    await waitFor(() => expect(held).toHaveLength(1));
    expect(screen.getByTestId('conflict-summary')).toHaveTextContent('Checking');

    // Out of the freeze before the first answer arrives.
    setTime('start', '2024-05-08T10:00');
    setTime('end', '2024-05-08T11:00');
    await waitFor(() => expect(held).toHaveLength(2));
    held[1]();
    await waitFor(() => expect(screen.getByTestId('conflict-summary')).toHaveTextContent('No conflicts'));
    held[0]();
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByTestId('conflict-summary')).toHaveTextContent('No conflicts');
    expect(screen.queryByTestId('conflict-item')).toBeNull();
  });

  it('shows validation errors under their fields', async () => {
    const fake = fakeWithCatalog();
    const { user } = await openCalendar(fake);
    await user.click(screen.getByTestId('new-change'));
    await user.click(screen.getByTestId('save-change'));
    expect(await screen.findByTestId('error-title')).toHaveTextContent('Title is required');
    expect(screen.getByTestId('error-service_ids')).toHaveTextContent('Choose at least one service');
    // The services picker is marked invalid and points at its error, for screen readers.
    const picker = screen.getByTestId('change-services-input');
    expect(picker).toHaveAttribute('aria-invalid', 'true');
    expect(picker).toHaveAccessibleDescription('Choose at least one service');
    expect(field('title')).toHaveAttribute('aria-invalid', 'true');
    expect(field('title')).toHaveFocus();

    setTime('end', '');
    await user.click(screen.getByTestId('save-change'));
    expect(await screen.findByTestId('error-end')).toHaveTextContent('Enter an end date and time');
    expect(fake.cal.changes).toHaveLength(0);
  });

  it('moves a change to verified after asking for the sign-off', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Ship 4.2', start: '2024-05-03T10:00:00Z', end: '2024-05-03T11:00:00Z', status: 'succeeded' });
    const { user } = await openCalendar(fake);
    await waitFor(() => chip('Ship 4.2'));
    await user.click(chip('Ship 4.2'));
    expect(await screen.findByTestId('change-status')).toHaveTextContent('Succeeded');
    expect(screen.getByTestId('transition-verified')).toBeInTheDocument();
    expect(screen.getByTestId('transition-rolled_back')).toBeInTheDocument();
    expect(screen.getByTestId('transition-failed')).toBeInTheDocument();
    expect(screen.queryByTestId('transition-planned')).toBeNull();

    await user.click(screen.getByTestId('transition-verified'));
    await waitFor(() => expect(screen.getByTestId('evidence')).toHaveFocus());
    await user.click(screen.getByTestId('confirm-transition'));
    expect(screen.getByTestId('error-evidence')).toHaveTextContent('Enter the sign-off first');
    expect(fake.calls).not.toContain('transition_change');

    await user.type(screen.getByTestId('evidence'), 'Smoke suite run 881 passed');
    await user.click(screen.getByTestId('confirm-transition'));
    await waitFor(() => expect(screen.getByTestId('change-status')).toHaveTextContent('Verified'));
    expect(fake.cal.changes[0].status).toBe('verified');
    expect(fake.audit.at(-1)?.after).toContain('Smoke suite run 881 passed');
    expect(screen.queryByTestId('transition-verified')).toBeNull();
    expect(screen.getByTestId('transition-rolled_back')).toBeInTheDocument();
  });

  it('shows a refused transition in the editor', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Ship 4.3', start: '2024-05-03T10:00:00Z', end: '2024-05-03T11:00:00Z' });
    const { user } = await openCalendar(fake);
    await waitFor(() => chip('Ship 4.3'));
    await user.click(chip('Ship 4.3'));
    fake.failNext('transition_change', { code: 'conflict', message: 'The change was edited elsewhere; reload it', fields: [], problems: [] });
    await user.click(await screen.findByTestId('transition-queued'));
    expect(await screen.findByTestId('transition-error')).toHaveTextContent('edited elsewhere');
    expect(screen.getByTestId('change-status')).toHaveTextContent('Planned');
  });

  it('deletes a change after confirmation', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Old plan', start: '2024-05-03T10:00:00Z', end: '2024-05-03T11:00:00Z' });
    const { user } = await openCalendar(fake);
    await waitFor(() => chip('Old plan'));
    await user.click(chip('Old plan'));
    await user.click(await screen.findByTestId('delete-change'));
    await user.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(screen.queryByTestId('change-form')).toBeNull());
    expect(fake.cal.changes).toHaveLength(0);
    await waitFor(() => expect(screen.queryAllByTestId('change-chip')).toHaveLength(0));
  });

  it('asks before discarding unsaved edits', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Keep me', start: '2024-05-03T10:00:00Z', end: '2024-05-03T11:00:00Z' });
    const { user } = await openCalendar(fake);
    await waitFor(() => chip('Keep me'));
    await user.click(chip('Keep me'));
    await screen.findByTestId('change-form');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('change-form')).toBeNull();

    await user.click(chip('Keep me'));
    await screen.findByTestId('change-form');
    await user.type(field('title'), ' (edited)');
    await user.keyboard('{Escape}');
    const confirm = screen.getByTestId('confirm-dialog');
    expect(confirm).toHaveTextContent('not saved');
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(field('title')).toHaveValue('Keep me (edited)');
    await user.click(screen.getByTestId('cancel-change'));
    await user.click(within(screen.getByTestId('confirm-dialog')).getByRole('button', { name: 'Discard' }));
    expect(screen.queryByTestId('change-form')).toBeNull();
    expect(fake.cal.changes[0].title).toBe('Keep me');
  });
});
