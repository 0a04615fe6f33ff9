// Behaviour tests for meeting mode: starting, deciding by keyboard (and the
// note a reject needs), refusals, moving between items, attendance, the
// item timer, and closing into the minutes and their export.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '../../test/render';
import { cabWorld, currentTitle, decisions, openMeeting, seedMeeting } from './seed';

afterEach(() => {
  vi.useRealTimers();
});

const status = () => screen.getByTestId('meeting').dataset.status;

describe('meeting mode', () => {
  it('starts the meeting, and A approves the current item and moves on at once', async () => {
    const { fake, cab } = cabWorld();
    const meeting = seedMeeting(fake, cab);
    const { user } = await openMeeting(fake, meeting);
    expect(status()).toBe('prepared');

    await user.click(screen.getByTestId('start-meeting'));
    await waitFor(() => expect(status()).toBe('in_progress'));
    expect(currentTitle()).toBe('Checkout v2');
    expect(screen.getByTestId('current-item')).toHaveAttribute('data-position', '0');
    expect(screen.getByTestId('current-level')).toHaveTextContent('high');
    expect(screen.getByTestId('risk-reasons')).toHaveTextContent('Touches a critical service');
    expect(screen.getByTestId('approval-slots')).toHaveTextContent('Release manager');
    expect(screen.getByTestId('decided-count')).toHaveTextContent('0 of 3 decided');
    expect(screen.getByTestId('item-timer').textContent?.trim()).toMatch(/^\d\d:\d\d$/);

    const loads = fake.calls.filter((c) => c === 'meeting').length;
    await user.keyboard('a');
    await waitFor(() => expect(currentTitle()).toBe('Ledger schema'));
    expect(decisions()).toEqual(['approve', '', '']);
    expect(screen.getByTestId('decided-count')).toHaveTextContent('1 of 3 decided');
    expect(screen.getByTestId('conflicts')).toHaveTextContent('Overlaps the June freeze');
    expect(screen.getByTestId('blast-radius')).toHaveTextContent('4 services downstream');
    expect(fake.cab.given).toMatchObject([{ name: 'Test User', decision: 'approve' }]);
    // The answer moved the screen on; its change event does not load it again.
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.calls.filter((c) => c === 'meeting').length).toBe(loads);
  });

  it('asks for a note when R is pressed without one, and Ctrl+Enter records the reject', async () => {
    const { fake, cab } = cabWorld();
    const meeting = seedMeeting(fake, cab, true);
    const { user } = await openMeeting(fake, meeting);
    await waitFor(() => expect(currentTitle()).toBe('Checkout v2'));

    await user.keyboard('r');
    expect(await screen.findByTestId('note-prompt')).toHaveTextContent('Write why, then press Ctrl+Enter');
    const note = screen.getByTestId<HTMLTextAreaElement>('meeting-note');
    expect(note).toHaveFocus();
    expect(fake.calls).not.toContain('decide_item');

    // Typing in the note does not trigger the shortcuts.
    await user.keyboard('Conflicts with the freeze, and a d in it');
    expect(fake.calls).not.toContain('decide_item');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(decisions()).toEqual(['reject', '', '']));
    expect(currentTitle()).toBe('Ledger schema');
    expect(note).toHaveValue('');
    expect(screen.queryByTestId('note-prompt')).not.toBeInTheDocument();
    expect(fake.cab.meetings[0].items[0]).toMatchObject({ decision: 'reject', note: 'Conflicts with the freeze, and a d in it', decided_by: 'Test User' });

    // Escape leaves the note; N comes back to it; Ctrl+Enter with nothing pending does nothing.
    await user.keyboard('{Escape}');
    expect(note).not.toHaveFocus();
    await user.keyboard('n');
    expect(note).toHaveFocus();
    expect(note).toHaveValue('');
    await user.keyboard('Looks fine{Control>}{Enter}{/Control}');
    expect(decisions()).toEqual(['reject', '', '']);
  });

  it('shows a refusal inline and changes nothing', async () => {
    const { fake, cab, changes } = cabWorld();
    fake.cab.overrides.set(changes[0].id, { ...fake.cab.overrides.get(changes[0].id), requested_by: 'Test User' });
    const meeting = seedMeeting(fake, cab, true);
    const { user } = await openMeeting(fake, meeting);
    await waitFor(() => expect(currentTitle()).toBe('Checkout v2'));

    await user.type(screen.getByTestId('meeting-note'), 'Mine');
    await user.keyboard('{Escape}');
    await user.keyboard('a');
    const refusal = await screen.findByTestId('meeting-refused');
    expect(refusal).toHaveAttribute('role', 'alert');
    expect(refusal).toHaveTextContent('Test User requested this change and cannot decide on it: the requester may not approve their own change');
    expect(currentTitle()).toBe('Checkout v2');
    expect(decisions()).toEqual(['', '', '']);
    expect(screen.getByTestId('meeting-note')).toHaveValue('Mine');
    expect(fake.cab.meetings[0].items[0].decision).toBeNull();

    // Deferring needs no approval rights; the refusal clears with the next action.
    await user.keyboard('d');
    await waitFor(() => expect(decisions()).toEqual(['defer', '', '']));
    expect(screen.queryByTestId('meeting-refused')).not.toBeInTheDocument();
  });

  it('moves between items with the arrows, J / K and the progress strip, and keeps attendance', async () => {
    const { fake, cab, ana } = cabWorld();
    const meeting = seedMeeting(fake, cab, true);
    const { user } = await openMeeting(fake, meeting);
    await waitFor(() => expect(currentTitle()).toBe('Checkout v2'));

    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(currentTitle()).toBe('Ledger schema'));
    await user.keyboard('j');
    await waitFor(() => expect(currentTitle()).toBe('Cache warmup'));
    await user.keyboard('k');
    await waitFor(() => expect(currentTitle()).toBe('Ledger schema'));
    await user.keyboard('{ArrowLeft}');
    await waitFor(() => expect(currentTitle()).toBe('Checkout v2'));
    await user.click(screen.getAllByTestId('progress-item')[2]);
    await waitFor(() => expect(currentTitle()).toBe('Cache warmup'));
    expect(screen.getAllByTestId('progress-item')[2]).toHaveAttribute('aria-current', 'step');

    const boxes = screen.getAllByTestId('attendee');
    expect(boxes.map((b) => (b as HTMLInputElement).checked)).toEqual([true, false, false]);
    await user.click(boxes.find((b) => b.dataset.personId === ana.id) as HTMLElement);
    await waitFor(() => expect(fake.cab.meetings[0].attendees.find((a) => a.person_id === ana.id)?.present).toBe(true));
  });

  it('ticks the item timer every second', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], shouldAdvanceTime: true });
    const { fake, cab } = cabWorld();
    const meeting = seedMeeting(fake, cab, true);
    await openMeeting(fake, meeting);
    const timer = await screen.findByTestId('item-timer');
    const seconds = () => {
      const [m, s] = (timer.textContent ?? '').trim().split(':').map(Number);
      return m * 60 + s;
    };
    const before = seconds();
    vi.advanceTimersByTime(3000);
    await waitFor(() => expect(seconds()).toBeGreaterThanOrEqual(before + 3));
    expect(seconds()).toBeLessThan(before + 6);
  });
});

describe('closing a meeting', () => {
  it('closes into the minutes and exports them in each format', async () => {
    const { fake, cab } = cabWorld();
    const meeting = seedMeeting(fake, cab, true);
    const { user } = await openMeeting(fake, meeting);
    await waitFor(() => expect(currentTitle()).toBe('Checkout v2'));
    await user.keyboard('a');
    await waitFor(() => expect(currentTitle()).toBe('Ledger schema'));

    await user.click(screen.getByTestId('close-meeting'));
    expect(screen.getByTestId('close-dialog')).toHaveTextContent('2 items are still undecided');
    await user.click(screen.getByTestId('close-confirm'));
    await waitFor(() => expect(status()).toBe('closed'));

    const rows = screen.getAllByTestId('minutes-row');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('Checkout v2');
    expect(rows[0]).toHaveTextContent('Approved');
    expect(rows[0]).toHaveTextContent('Test User');
    expect(within(rows[0]).getAllByRole('cell').at(-1)?.textContent).toMatch(/^\d\d:\d\d$/);
    expect(rows[1]).toHaveTextContent('Not decided');
    expect(screen.getByTestId('minutes-present')).toHaveTextContent('Test User');
    expect(screen.getByTestId('minutes-absent')).toHaveTextContent('Ana Ortiz, Bo Chen');

    const spy = vi.spyOn(fake, 'exportMeeting');
    await user.click(screen.getByTestId('export-minutes-md'));
    await user.click(screen.getByTestId('export-minutes-html'));
    await user.click(screen.getByTestId('export-minutes-pdf'));
    await waitFor(() => expect(spy).toHaveBeenCalledTimes(3));
    expect(spy.mock.calls).toEqual([[meeting.id, true, 'markdown'], [meeting.id, true, 'html'], [meeting.id, true, 'pdf']]);
    expect(fake.exports[0]).toContain('# Minutes: Weekly CAB');
    expect(fake.exports[2]).toContain('@page');
    expect((await screen.findAllByText('Saved to /tmp/cab-minutes')).length).toBeGreaterThan(0);
  });

  it('makes closing obvious once every item is decided', async () => {
    const { fake, cab } = cabWorld();
    const meeting = seedMeeting(fake, cab, true);
    const { user } = await openMeeting(fake, meeting);
    await waitFor(() => expect(currentTitle()).toBe('Checkout v2'));
    await user.keyboard('a');
    await waitFor(() => expect(currentTitle()).toBe('Ledger schema'));
    await user.keyboard('d');
    await waitFor(() => expect(currentTitle()).toBe('Cache warmup'));
    await user.keyboard('a');
    expect(await screen.findByTestId('all-decided')).toHaveTextContent('All 3 items decided');
    expect(screen.getByTestId('decided-count')).toHaveTextContent('3 of 3 decided');
    expect(screen.getByTestId('close-meeting')).toHaveClass('primary');

    await user.click(screen.getByTestId('close-meeting'));
    await waitFor(() => expect(status()).toBe('closed'));
    expect(screen.getAllByTestId('minutes-row').map((r) => r.dataset.decision)).toEqual(['approve', 'defer', 'approve']);
  });
});
