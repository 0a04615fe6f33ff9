// Rescheduling tests: keyboard move mode (week, month and timeline), pointer
// drags with live conflict feedback, Escape, Undo, and the Mover's state logic.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { FakeBackend } from '../../lib/fakeBackend';
import type { Change } from '../../lib/bindings';
import { fakeWithCatalog, screen, waitFor, within } from '../../test/render';
import { focusBar, openCalendar, pinClock, seedChange, seedWindow } from './calendarTestKit';
import { Mover } from './mover.svelte';

beforeEach(() => pinClock());
afterEach(() => vi.useRealTimers());

function block(title: string, testid = 'change-block'): HTMLElement {
  const found = screen.getAllByTestId(testid).filter((el) => el.textContent?.includes(title));
  if (found.length !== 1) throw new Error(`expected one ${testid} titled ${title}, found ${found.length}`);
  return found[0];
}

async function weekWith(fake: FakeBackend, title: string) {
  const app = await openCalendar(fake);
  await app.user.click(screen.getByTestId('view-week'));
  await screen.findByTestId('week-view');
  await waitFor(() => block(title));
  return app;
}

describe('keyboard move mode', () => {
  it('moves a change by a day and a quarter hour, Enter saves it, Undo puts it back', async () => {
    const fake = fakeWithCatalog();
    const change = seedChange(fake, { title: 'Deploy ledger', start: '2024-05-02T10:00:00Z', end: '2024-05-02T11:00:00Z' });
    const { user } = await weekWith(fake, 'Deploy ledger');

    block('Deploy ledger').focus();
    await user.keyboard('m');
    const feedback = screen.getByTestId('drag-feedback');
    expect(screen.getByTestId('cal-live')).toHaveTextContent('Moving “Deploy ledger”');
    await user.keyboard('{ArrowRight}{ArrowDown}');
    expect(screen.getByTestId('move-ghost')).toBeInTheDocument();
    await waitFor(() => expect(feedback).toHaveAttribute('data-severity', 'none'));
    expect(feedback).toHaveTextContent('No conflicts');
    expect(feedback).toHaveTextContent(/Fri,? (May 3|3 May)/);
    expect(fake.cal.changes[0].start).toBe(change.start);

    await user.keyboard('{Enter}');
    await waitFor(() => expect(fake.cal.changes[0]).toMatchObject({ start: '2024-05-03T10:15:00Z', end: '2024-05-03T11:15:00Z' }));
    expect(screen.queryByTestId('drag-feedback')).toBeNull();
    const undo = await screen.findByTestId('undo-toast');
    expect(undo).toHaveTextContent('Rescheduled ‘Deploy ledger’');
    expect(screen.getByTestId('cal-live')).toHaveTextContent('Rescheduled “Deploy ledger”');
    // Focus follows the change to its new day.
    await waitFor(() => expect(block('Deploy ledger')).toHaveFocus());

    await user.click(within(undo).getByTestId('undo'));
    await waitFor(() => expect(fake.cal.changes[0]).toMatchObject({ start: '2024-05-02T10:00:00Z', end: '2024-05-02T11:00:00Z' }));
    expect(await screen.findByText('Moved “Deploy ledger” back')).toBeInTheDocument();
  });

  it('Escape cancels the move and leaves the change where it was', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Deploy ledger', start: '2024-05-02T10:00:00Z', end: '2024-05-02T11:00:00Z' });
    const { user } = await weekWith(fake, 'Deploy ledger');
    block('Deploy ledger').focus();
    await user.keyboard('m{ArrowRight}{ArrowRight}{ArrowUp}');
    await waitFor(() => expect(screen.getByTestId('drag-feedback')).toHaveTextContent(/Sat,? (May 4|4 May)/));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('drag-feedback')).toBeNull();
    expect(screen.queryByTestId('move-ghost')).toBeNull();
    expect(screen.getByTestId('cal-live')).toHaveTextContent('Move of “Deploy ledger” cancelled');
    await new Promise((r) => setTimeout(r, 30));
    expect(fake.calls).not.toContain('update_change');
    expect(fake.cal.changes[0].start).toBe('2024-05-02T10:00:00Z');
    expect(screen.queryByTestId('undo-toast')).toBeNull();

    // Leaving the change abandons a keyboard move too.
    block('Deploy ledger').focus();
    await user.keyboard('m{ArrowRight}');
    expect(screen.getByTestId('drag-feedback')).toBeInTheDocument();
    await user.tab();
    expect(screen.queryByTestId('drag-feedback')).toBeNull();
    expect(fake.calls).not.toContain('update_change');
  });

  it('colours the feedback by the worst conflict at the proposed time', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Deploy ledger', start: '2024-05-02T10:00:00Z', end: '2024-05-02T11:00:00Z' });
    seedWindow(fake, { name: 'Friday freeze', start: '2024-05-03T00:00:00', duration_minutes: 24 * 60 });
    seedWindow(fake, { name: 'Quiet Saturday', soft: true, start: '2024-05-04T00:00:00', duration_minutes: 24 * 60 });
    const { user } = await weekWith(fake, 'Deploy ledger');
    block('Deploy ledger').focus();
    await user.keyboard('m{ArrowRight}');
    const feedback = screen.getByTestId('drag-feedback');
    await waitFor(() => expect(feedback).toHaveAttribute('data-severity', 'error'));
    expect(feedback).toHaveTextContent('Error: "Deploy ledger" on ledger falls in the hard freeze "Friday freeze"');
    expect(screen.getByTestId('move-ghost')).toHaveClass('sev-error');
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(feedback).toHaveAttribute('data-severity', 'warning'));
    expect(feedback).toHaveTextContent('soft freeze "Quiet Saturday"');
    expect(screen.getByTestId('move-ghost')).toHaveClass('sev-warning');
    await user.keyboard('{Escape}');
  });

  it('works on month chips too', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Monthly', start: '2024-05-10T08:00:00Z', end: '2024-05-10T09:00:00Z' });
    const { user } = await openCalendar(fake);
    const chipEl = await screen.findByText('Monthly');
    (chipEl.closest('button') as HTMLElement).focus();
    await user.keyboard('m{ArrowLeft}{ArrowLeft}');
    await waitFor(() => expect(screen.getByTestId('drag-feedback')).toHaveAttribute('data-severity', 'none'));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(fake.cal.changes[0].start).toBe('2024-05-08T08:00:00Z'));
  });

  it('moves by the zoom step on the timeline', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Timeline change', start: '2024-05-01T12:00:00Z', end: '2024-05-01T13:00:00Z' });
    const { user } = await openCalendar(fake);
    await user.click(screen.getByTestId('view-timeline'));
    await user.click(screen.getByTestId('zoom-day'));
    // The keyboard reaches the bars through the canvas: Tab to it, then an arrow key.
    screen.getByTestId('timeline-canvas').focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(block('Timeline change', 'change-bar')).toHaveFocus());
    await user.keyboard('m{ArrowRight}{ArrowRight}{ArrowUp}{Enter}');
    await waitFor(() => expect(fake.cal.changes[0].start).toBe('2024-05-01T13:45:00Z'));
  });
});

describe('pointer drag', () => {
  function pointer(type: 'pointerDown' | 'pointerMove' | 'pointerUp', target: Element | Window, clientX: number, clientY: number) {
    fireEvent[type](target, { clientX, clientY, button: 0, isPrimary: true, pointerId: 1, bubbles: true });
  }

  it('drags a timeline bar sideways with a snapped ghost, live feedback and a drop that saves', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Drag me', start: '2024-05-02T10:00:00Z', end: '2024-05-02T11:00:00Z' });
    seedWindow(fake, { name: 'Friday freeze', start: '2024-05-03T00:00:00', duration_minutes: 24 * 60 });
    const { user } = await openCalendar(fake);
    await user.click(screen.getByTestId('view-timeline'));
    // Find the painted bar's place from the keyboard, then point at it: the canvas puts a button under the pointer.
    const place = await focusBar('Drag me');
    const at = { x: parseFloat(place.style.left) + 3, y: parseFloat(place.style.top) + 5 };
    fireEvent.keyDown(place, { key: 'Escape' });
    await waitFor(() => expect(screen.queryAllByTestId('change-bar')).toHaveLength(0));
    const canvas = screen.getByTestId('timeline-canvas');
    const scroller = screen.getByTestId('timeline-scroller');
    fireEvent.pointerMove(canvas, { clientX: at.x - scroller.scrollLeft, clientY: at.y - parseFloat(canvas.style.top) - scroller.scrollTop });
    const bar = await waitFor(() => block('Drag me', 'change-bar'));
    expect(bar).toHaveAttribute('tabindex', '-1');
    // Week zoom: 16 px an hour, so 384 px is a day and 4 px a quarter hour.
    pointer('pointerDown', bar, 100, 10);
    pointer('pointerMove', window, 102, 10);
    expect(screen.queryByTestId('drag-feedback')).toBeNull();
    pointer('pointerMove', window, 100 + 384 + 5, 40);
    const feedback = await screen.findByTestId('drag-feedback');
    await waitFor(() => expect(feedback).toHaveAttribute('data-severity', 'error'));
    expect(feedback).toHaveTextContent('hard freeze "Friday freeze"');
    expect(feedback).toHaveTextContent(/Fri,? (May 3|3 May), 10:15/);
    pointer('pointerMove', window, 100 + 2 * 384, 40);
    await waitFor(() => expect(feedback).toHaveAttribute('data-severity', 'none'));
    pointer('pointerUp', window, 100 + 2 * 384, 40);
    fireEvent.click(bar);
    await waitFor(() => expect(fake.cal.changes[0]).toMatchObject({ start: '2024-05-04T10:00:00Z', end: '2024-05-04T11:00:00Z' }));
    expect(await screen.findByTestId('undo-toast')).toHaveTextContent('Rescheduled ‘Drag me’');
    // The release's click does not open the editor.
    expect(screen.queryByTestId('change-form')).toBeNull();
  });

  it('drags a week block to another day and time; Escape cancels a drag', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Week drag', start: '2024-05-01T10:00:00Z', end: '2024-05-01T11:00:00Z' });
    // Seven 100 px columns from the left edge, 40 px an hour from the top.
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(
      { left: 0, top: 0, right: 700, bottom: 960, width: 700, height: 960, x: 0, y: 0, toJSON: () => ({}) } as DOMRect,
    );
    await weekWith(fake, 'Week drag');
    // Wednesday is the third column; grab the block 30 minutes below its start.
    pointer('pointerDown', block('Week drag'), 250, 420);
    pointer('pointerMove', window, 450, 420 + 80);
    await waitFor(() => expect(screen.getByTestId('drag-feedback')).toHaveTextContent(/Fri,? (May 3|3 May)/));
    expect(screen.getByTestId('drag-feedback')).toHaveTextContent(/12:00|12:00\sPM/);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('drag-feedback')).toBeNull();
    pointer('pointerUp', window, 450, 500);
    await new Promise((r) => setTimeout(r, 30));
    expect(fake.calls).not.toContain('update_change');

    pointer('pointerDown', block('Week drag'), 250, 420);
    pointer('pointerMove', window, 460, 420 + 80);
    pointer('pointerUp', window, 460, 420 + 80);
    await waitFor(() => expect(fake.cal.changes[0]).toMatchObject({ start: '2024-05-03T12:00:00Z', end: '2024-05-03T13:00:00Z' }));
  });
});

describe('Mover', () => {
  function setup(latency = 0) {
    const fake = fakeWithCatalog({ latency });
    const change = seedChange(fake, { title: 'Unit', start: '2024-05-02T10:00:00Z', end: '2024-05-02T11:00:00Z' });
    const saved: [Change, Change][] = [];
    const mover = new Mover(fake, { zone: () => 'UTC', saved: (a, b) => saved.push([a, b]), announce: () => {}, failed: () => {} });
    return { fake, change, mover, saved };
  }

  it('snaps proposals, keeps the duration and checks one position at a time', async () => {
    const { fake, change, mover } = setup(20);
    mover.begin(change, 'drag');
    mover.moveTo(Date.parse('2024-05-02T12:07:00Z'));
    expect(mover.session).toMatchObject({ start: Date.parse('2024-05-02T12:00:00Z'), end: Date.parse('2024-05-02T13:00:00Z') });
    mover.moveTo(Date.parse('2024-05-02T12:08:00Z'));
    mover.moveTo(Date.parse('2024-05-02T13:00:00Z'));
    mover.moveTo(Date.parse('2024-05-02T14:00:00Z'));
    expect(mover.checking).toBe(true);
    await waitFor(() => expect(mover.checking).toBe(false));
    // The first check (at pickup) was in flight; of the four later positions only the last was sent.
    expect(fake.calls.filter((c) => c === 'check_change')).toHaveLength(2);
    expect(mover.answered).toBe(`${Date.parse('2024-05-02T14:00:00Z')}|${Date.parse('2024-05-02T15:00:00Z')}`);
  });

  it('commits nothing when the change did not move', async () => {
    const { fake, change, mover, saved } = setup();
    mover.begin(change, 'keyboard');
    mover.moveTo(Date.parse(change.start) + 60_000);
    await mover.commit();
    expect(mover.session).toBeNull();
    expect(saved).toHaveLength(0);
    expect(fake.calls).not.toContain('update_change');
  });
});
